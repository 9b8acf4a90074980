import type { AuditEvent } from "../db/schema";

/** An audit event as the page and the API show it: every stored column, times as ISO 8601. */
export type AuditEventDto = Omit<AuditEvent, "occurredAt"> & { occurredAt: string };

export function toAuditEventDto(e: AuditEvent): AuditEventDto {
  return { ...e, occurredAt: e.occurredAt.toISOString() };
}

/** The column order of exports (CSV header, NDJSON keys). */
export const AUDIT_EXPORT_COLUMNS = [
  "seq",
  "occurredAt",
  "actorType",
  "actorId",
  "actorLabel",
  "action",
  "targetType",
  "targetId",
  "targetLabel",
  "projectId",
  "ip",
  "userAgent",
  "requestId",
  "changes",
  "prevHash",
  "hash",
] as const satisfies readonly (keyof AuditEventDto)[];
