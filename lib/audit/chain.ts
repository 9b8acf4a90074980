import { createHash } from "node:crypto";

// The chain format, fixed: hash = sha256_hex(prev_hash || canonical JSON of the event),
// where the event is every stored column except the two hashes, with occurredAt as an
// ISO-8601 string and keys sorted at every depth (RFC 8785 style for our value types).

export const GENESIS_HASH = "0".repeat(64);

export type ChainedEvent = {
  seq: number;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  projectId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  changes: Record<string, unknown> | null;
};

export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  if (typeof value === "number" && !Number.isFinite(value)) return "null";
  return JSON.stringify(value);
}

export function hashEvent(prevHash: string, event: ChainedEvent): string {
  const payload: ChainedEvent = {
    seq: event.seq,
    occurredAt: event.occurredAt,
    actorType: event.actorType,
    actorId: event.actorId,
    actorLabel: event.actorLabel,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    targetLabel: event.targetLabel,
    projectId: event.projectId,
    ip: event.ip,
    userAgent: event.userAgent,
    requestId: event.requestId,
    changes: event.changes,
  };
  return createHash("sha256").update(prevHash).update(canonicalJson(payload)).digest("hex");
}
