import { and, asc, desc, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { dbErrorMessage, getDb, type Db } from "../db/client";
import { LOCKS } from "../db/locks";
import { unnestTable } from "../db/unnest";
import { auditEvents } from "../db/schema";
import { GENESIS_HASH, hashEvent } from "./chain";

// The audit chain's sequencer. Mutations insert their event pending (seq, prev_hash and
// hash null) in their own transaction, with no lock, so writers never queue behind each
// other; this gives pending events their place in the chain, in insertion (id) order, in
// batches. One transaction per batch holds the chain's advisory lock (a transaction-level
// lock, so it works through PgBouncer in transaction mode and dies with its connection):
// one sequencer at a time across every instance, and audit_prune() waits for it. An event
// becomes visible to the sequencer when its transaction commits, so the chain follows
// commit order between batches. A sequencer that dies mid-batch rolls its batch back; the
// events stay pending and the next batch takes them, so the chain stays verifiable and
// nothing is lost.

export const SEQUENCE_BATCH = 1000;
/** How often every instance offers to sequence; the lock makes one of them do it. */
export const SEQUENCER_INTERVAL_MS = 200;

/** One batch: null when another sequencer holds the lock, else how many events were sequenced. */
export async function sequenceBatch(db: Db = getDb(), limit = SEQUENCE_BATCH): Promise<number | null> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ ok: boolean }>(sql`SELECT pg_try_advisory_xact_lock(${LOCKS.auditChain}) AS ok`);
    if (!rows[0]?.ok) return null;
    const pending = await tx.select().from(auditEvents).where(isNull(auditEvents.seq)).orderBy(asc(auditEvents.id)).limit(limit);
    if (!pending.length) return 0;
    const [head] = await tx
      .select({ seq: auditEvents.seq, hash: auditEvents.hash })
      .from(auditEvents)
      .where(isNotNull(auditEvents.seq))
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    let seq = head?.seq ?? 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const ids: number[] = [];
    const seqs: number[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    // Hashed from the stored row, exactly what `audit verify` reads back.
    for (const event of pending) {
      seq += 1;
      const hash = hashEvent(prevHash, { ...event, seq });
      ids.push(event.id);
      seqs.push(seq);
      prevs.push(prevHash);
      hashes.push(hash);
      prevHash = hash;
    }
    const values = unnestTable(
      [
        ["id", "bigint", ids],
        ["seq", "bigint", seqs],
        ["prev_hash", "text", prevs],
        ["hash", "text", hashes],
      ],
      "v",
    );
    await tx.execute(sql`UPDATE audit_events a SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash FROM ${values} WHERE a.id = v.id AND a.seq IS NULL`);
    return pending.length;
  });
}

/** Whether any event is pending (up to `upToId` when given): one probe of the partial index. */
export async function hasPendingAuditEvents(db: Db = getDb(), upToId?: number): Promise<boolean> {
  const where = upToId === undefined ? isNull(auditEvents.seq) : and(isNull(auditEvents.seq), lte(auditEvents.id, upToId));
  const [row] = await db.select({ id: auditEvents.id }).from(auditEvents).where(where).limit(1);
  return row !== undefined;
}

/** Sequences until nothing is pending or another sequencer has the lock; returns the events sequenced here. */
export async function sequenceAuditEvents(db: Db = getDb()): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await sequenceBatch(db);
    if (n === null) return total;
    total += n;
    if (n < SEQUENCE_BATCH) return total;
  }
}

/**
 * Waits until every event pending now has its place in the chain (sequencing here when no
 * other sequencer is at it), for at most `timeoutMs`; false on timeout. Audit reads call it
 * first, so a page, an export or a verification shows every event committed before it.
 */
export async function settleAuditChain(db: Db = getDb(), timeoutMs = 2_000): Promise<boolean> {
  const [newest] = await db.select({ id: auditEvents.id }).from(auditEvents).where(isNull(auditEvents.seq)).orderBy(desc(auditEvents.id)).limit(1);
  if (!newest) return true;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await sequenceAuditEvents(db);
    if (!(await hasPendingAuditEvents(db, newest.id))) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type Runner = { timer: NodeJS.Timeout | null; busy: boolean };
const holder = globalThis as unknown as { __opsdeckAuditSequencer?: Runner };

/** Starts this process's sequencer loop (once); every instance runs one, the lock elects. */
export function startAuditSequencer(intervalMs = SEQUENCER_INTERVAL_MS): void {
  const runner = (holder.__opsdeckAuditSequencer ??= { timer: null, busy: false });
  if (runner.timer) return;
  const tick = async () => {
    if (runner.busy) return;
    runner.busy = true;
    try {
      if (await hasPendingAuditEvents()) await sequenceAuditEvents();
    } catch (err) {
      console.error(`[audit] sequencer: ${dbErrorMessage(err)}`);
    } finally {
      runner.busy = false;
    }
  };
  runner.timer = setInterval(() => void tick(), intervalMs);
  runner.timer.unref();
}

export function stopAuditSequencer(): void {
  const runner = holder.__opsdeckAuditSequencer;
  if (runner?.timer) clearInterval(runner.timer);
  if (runner) runner.timer = null;
}
