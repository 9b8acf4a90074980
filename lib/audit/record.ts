import { desc, sql } from "drizzle-orm";
import { getDb, type Tx } from "../db/client";
import { LOCKS } from "../db/locks";
import { auditEvents } from "../db/schema";
import type { AuditAction } from "./actions";
import { GENESIS_HASH, hashEvent, type ChainedEvent } from "./chain";
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
 * Appends one event to the chain inside the caller's transaction, so the mutation and
 * its record commit (or roll back) together. A transaction-scoped advisory lock
 * serializes writers: seq = previous seq + 1 and prev_hash = previous hash, and the lock
 * is held until commit, so concurrent writers form one linear chain without gaps.
 */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<{ seq: number; hash: string }> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCKS.auditChain})`);
  const [last] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  const event: ChainedEvent = {
    seq: (last?.seq ?? 0) + 1,
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
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = hashEvent(prevHash, event);
  await tx.insert(auditEvents).values({ ...event, prevHash, hash });
  return { seq: event.seq, hash };
}

/** For events that are not part of a mutation (a failed sign-in, a denial): their own transaction. */
export async function recordAuditStandalone(input: AuditInput): Promise<{ seq: number; hash: string }> {
  return getDb().transaction((tx) => recordAudit(tx, input));
}
