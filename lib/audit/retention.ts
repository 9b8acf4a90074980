import "server-only";
import { sql } from "drizzle-orm";
import { getConfig } from "../config";
import { getDb } from "../db/client";
import { LOCKS } from "../db/locks";
import { recordAudit } from "./record";
import { settleAuditChain } from "./sequencer";

// Retention: events older than AUDIT_RETENTION_DAYS leave the table only through the SQL
// function audit_prune(), which takes the chain's lock, writes a checkpoint (last removed
// seq and hash) and deletes in one transaction; the append-only trigger lets those
// deletes, and no others, through. Verification then starts from the checkpoint. Pending
// events are placed in the chain first, so the head audit_prune() keeps is the real one.

const DAY_MS = 86_400_000;

export type PruneResult = { removed: number; cutoff: Date };

export async function pruneAuditEvents(options: { now?: Date; retentionDays?: number } = {}): Promise<PruneResult> {
  const days = options.retentionDays ?? getConfig().AUDIT_RETENTION_DAYS;
  const cutoff = new Date((options.now ?? new Date()).getTime() - days * DAY_MS);
  await settleAuditChain(getDb());
  const removed = await getDb().transaction(async (tx) => {
    const { rows } = await tx.execute<{ removed: string }>(sql`SELECT audit_prune(${cutoff.toISOString()}::timestamptz, ${LOCKS.auditChain}::bigint) AS removed`);
    const count = Number(rows[0]?.removed ?? 0);
    // The pruning itself is on the record, chained after the checkpoint it made.
    if (count > 0) {
      await recordAudit(tx, {
        action: "audit.prune",
        actor: { type: "system", label: "audit retention" },
        target: { type: "audit", id: "events" },
        changes: { removed: count, cutoff: cutoff.toISOString(), retentionDays: days },
      });
    }
    return count;
  });
  return { removed, cutoff };
}
