import { desc, isNotNull, sql } from "drizzle-orm";
import { GENESIS_HASH, hashEvent, type ChainedEvent } from "../../lib/audit/chain";
import type { Db } from "../../lib/db/client";
import { LOCKS } from "../../lib/db/locks";
import { auditEvents } from "../../lib/db/schema";

// Appends `count` correctly chained audit events in bulk (hashes computed here, multi-row
// INSERTs), for tests and benches that need a long chain quickly. Inserts only: the
// append-only trigger stays on. Holds the chain's lock, so it never races recordAudit.

export type FillOptions = {
  /** The time of the i-th new event (0-based); default now. */
  occurredAt?: (i: number) => Date;
  batchSize?: number;
};

export async function appendChainedAuditEvents(db: Db, count: number, options: FillOptions = {}): Promise<{ firstSeq: number; lastSeq: number }> {
  const batchSize = options.batchSize ?? 1000;
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCKS.auditChain})`);
    const [head] = await tx.select({ seq: auditEvents.seq, hash: auditEvents.hash }).from(auditEvents).where(isNotNull(auditEvents.seq)).orderBy(desc(auditEvents.seq)).limit(1);
    let seq = head?.seq ?? 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const firstSeq = seq + 1;
    for (let done = 0; done < count; ) {
      const rows = [];
      for (let i = 0; i < batchSize && done < count; i++, done++) {
        const event: ChainedEvent = {
          seq: ++seq,
          occurredAt: options.occurredAt?.(done) ?? new Date(),
          actorType: "system",
          actorId: null,
          actorLabel: "fill",
          action: "system.seed",
          targetType: "run",
          targetId: `fill-${seq}`,
          targetLabel: `filler event ${seq}`,
          projectId: null,
          ip: "127.0.0.1",
          userAgent: "audit-fill",
          requestId: `fill-${seq}`,
          changes: { status: { from: "queued", to: "running" }, note: "a, \"quoted\"\nline" },
        };
        const hash = hashEvent(prevHash, event);
        rows.push({ ...event, prevHash, hash });
        prevHash = hash;
      }
      await tx.insert(auditEvents).values(rows);
    }
    return { firstSeq, lastSeq: seq };
  });
}
