import { z } from "zod";
import { pageSchema } from "../db/keyset";
import type { AuditEvent } from "../db/schema";
import { isoTimestamp } from "../iso-time";

/** An event that has its place in the chain: what every reader shows (pending ones wait, lib/audit/sequencer.ts). */
export type SequencedAuditEvent = Omit<AuditEvent, "seq" | "prevHash" | "hash"> & { seq: number; prevHash: string; hash: string };

/**
 * An audit event as the page and the API show it: every stored column, times as ISO 8601.
 * The schema is the OpenAPI response body and AuditEventDto its output; `satisfies` ties it
 * to the table's row, so a column added there fails the build until it is described here.
 */
export const auditEventSchema = z.strictObject({
  seq: z.number().int().min(1).describe("Position in the hash chain"),
  occurredAt: isoTimestamp,
  actorType: z.string().describe("user, api_key, system or anonymous"),
  actorId: z.string().nullable(),
  actorLabel: z.string().nullable(),
  action: z.string().describe("One of the closed list of audit actions, e.g. run.cancel"),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  targetLabel: z.string().nullable(),
  projectId: z.uuid().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  changes: z.record(z.string(), z.unknown()).nullable().describe("Before/after of the changed fields; secrets redacted"),
  prevHash: z.string().describe("The previous event's hash (64 zeros for the first)"),
  hash: z.string().describe("sha256(prevHash ‖ canonical JSON of the event)"),
}) satisfies z.ZodType<Omit<SequencedAuditEvent, "occurredAt" | "id"> & { occurredAt: string }>;
export type AuditEventDto = z.output<typeof auditEventSchema>;

export const auditPageSchema = pageSchema(auditEventSchema);

/** The stored row as shown: `id` (insertion order) is internal, the chain's position is seq. */
export function toAuditEventDto(e: AuditEvent): AuditEventDto {
  const { id, seq, prevHash, hash, ...rest } = e;
  if (seq === null || prevHash === null || hash === null) throw new Error(`audit event ${id} is not sequenced yet`);
  return { ...rest, seq, prevHash, hash, occurredAt: e.occurredAt.toISOString() };
}

/** The column order of exports (CSV header, NDJSON keys): the schema's key order. */
export const AUDIT_EXPORT_COLUMNS = auditEventSchema.keyof().options;
