import { z } from "zod";

/** A recorded heartbeat ping's answer. */
export const heartbeatAckSchema = z.strictObject({ ok: z.literal(true) });
