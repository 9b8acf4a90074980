import "server-only";
import { z } from "zod";
import { authorize } from "../auth/authorize";
import { actorOf, type AccessContext } from "../auth/principal";
import { recordAudit } from "../audit/record";
import { getDb } from "../db/client";
import { deliveries } from "../db/schema";
import { deliverOne } from "../notifications/dispatch";
import { testMessage } from "../notifications/message";
import { findChannel } from "./store";

// "Send test": one real message through the channel, now, with its outcome in the answer
// (and in the delivery log like any other). Operators may send one: it changes nothing.

export const channelTestResultSchema = z.strictObject({
  deliveryId: z.uuid(),
  outcome: z.string().describe("delivered, timeout, connection, http_4xx, http_5xx, redirect or invalid"),
  statusCode: z.number().int().nullable(),
  latencyMs: z.number().int(),
  error: z.string().nullable(),
});
export type ChannelTestResult = z.output<typeof channelTestResultSchema>;

export async function testChannel(ctx: AccessContext, id: string): Promise<ChannelTestResult> {
  await authorize(ctx, "alerts:write", `channel:${id}`);
  const channel = await findChannel(id);
  const now = new Date();
  const delivery = await getDb().transaction(async (tx) => {
    const [row] = await tx
      .insert(deliveries)
      .values({ channelId: channel.id, event: "test", payload: testMessage(channel.name, now) as unknown as Record<string, unknown>, attempts: 1, lockedUntil: new Date(now.getTime() + 60_000), nextAttemptAt: now })
      .returning();
    await recordAudit(tx, { action: "channel.test", actor: actorOf(ctx.principal), target: { type: "channel", id: channel.id, label: channel.name }, meta: ctx.meta });
    return row!;
  });
  const { outcome, report, error } = await deliverOne(delivery, channel);
  return { deliveryId: delivery.id, outcome, statusCode: report.statusCode, latencyMs: report.latencyMs, error };
}
