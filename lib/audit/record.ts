import { sql } from "drizzle-orm";
import { getDb, type Tx } from "../db/client";
import { auditEvents } from "../db/schema";
import type { AuditAction } from "./actions";
import { redactSecrets } from "./redact";
import type { Actor, RequestMeta } from "../request/meta";

export type AuditInput = {
  action: AuditAction;
  actor: Actor;
  target?: { type: string; id: string; label?: string | null };
  projectId?: string | null;
  /** Before/after of the changed fields: { field: { from, to } } or any small object. */
  changes?: Record<string, unknown> | null;
  meta?: RequestMeta;
};

/**
 * Appends one event inside the caller's transaction, so the mutation and its record commit
 * (or roll back) together. The event is inserted pending, without any lock: the sequencer
 * (./sequencer.ts) gives it its seq, prev_hash and hash in commit order within a second,
 * so concurrent writers of any project never wait for each other here.
 */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<{ id: number }> {
  // Every mutation runs this: a fixed statement rather than the query builder, whose column
  // mapping was a sixth of the audited transaction's CPU (bench/audit-append.ts).
  const r = auditRow(input);
  const { rows } = await tx.execute<{ id: string }>(sql`
    INSERT INTO audit_events (${AUDIT_COLUMNS})
    VALUES (${r.occurredAt.toISOString()}::timestamptz, ${r.actorType}, ${r.actorId}, ${r.actorLabel}, ${r.action}, ${r.targetType}, ${r.targetId},
            ${r.targetLabel}, ${r.projectId}::uuid, ${r.ip}, ${r.userAgent}, ${r.requestId}, ${r.changes === null ? null : JSON.stringify(r.changes)}::jsonb)
    RETURNING id`);
  return { id: Number(rows[0]!.id) };
}

/** The columns a pending event is inserted with, in auditRow's order (also createRun's one-statement insert). */
export const AUDIT_COLUMN_LIST = "occurred_at, actor_type, actor_id, actor_label, action, target_type, target_id, target_label, project_id, ip, user_agent, request_id, changes";
const AUDIT_COLUMNS = sql.raw(AUDIT_COLUMN_LIST);

/** The pending row an event is stored as (also for writers that insert it in their own statement, like createRun). */
export function auditRow(input: AuditInput) {
  return {
    occurredAt: new Date(),
    actorType: input.actor.type,
    actorId: input.actor.id ?? null,
    actorLabel: input.actor.label ?? null,
    action: input.action,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    targetLabel: input.target?.label ?? null,
    projectId: input.projectId ?? null,
    ip: input.meta?.ip ?? null,
    userAgent: input.meta?.userAgent?.slice(0, 512) ?? null,
    requestId: input.meta?.requestId ?? null,
    changes: input.changes ? redactSecrets(input.changes) : null,
  } satisfies typeof auditEvents.$inferInsert;
}

/** For events that are not part of a mutation (a failed sign-in, a denial): their own transaction. */
export async function recordAuditStandalone(input: AuditInput): Promise<{ id: number }> {
  return getDb().transaction((tx) => recordAudit(tx, input));
}
