import { asc, desc, gt } from "drizzle-orm";
import type { Db } from "../db/client";
import { auditCheckpoints, auditEvents } from "../db/schema";
import { appendAnchor, readLastAnchor, type Anchor } from "./anchor";
import { GENESIS_HASH, hashEvent } from "./chain";
import type { SequencedAuditEvent } from "./dto";
import { settleAuditChain } from "./sequencer";

import type { BreakReason } from "./verify-messages";

export type { BreakReason };

export type VerifyResult =
  | {
      ok: true;
      checked: number;
      /** The chain's head (the checkpoint's seq when every event was pruned, 0 when empty). */
      lastSeq: number;
      lastHash: string;
      /** Where verification started: the latest retention checkpoint, if any. */
      checkpointSeq: number | null;
      /** The anchor the chain was checked against (before this run appended a new one). */
      anchorSeq: number | null;
    }
  | { ok: false; checked: number; badSeq: number; reason: BreakReason };

export { BREAK_REASONS } from "./verify-messages";

export type VerifyOptions = {
  pageSize?: number;
  /** AUDIT_ANCHOR_FILE: checked against, then extended with the new head. */
  anchorFile?: string;
  /** Wait for pending events first (default); false checks the chain exactly as it stands. */
  settle?: boolean;
};

/**
 * Walks the chain in seq order, in pages, recomputing every hash and link. It starts from
 * the latest retention checkpoint (its seq and hash stand in for the pruned events), and
 * reads one snapshot (REPEATABLE READ), so concurrent writers and pruning cannot make a
 * sound chain look broken. The first bad seq is reported: for a gap, the first missing seq.
 * Events still pending (not yet given a seq by the sequencer) are waited for first; a pending
 * event is not part of the chain yet, so it cannot break it.
 */
export async function verifyAuditChain(db: Db, options: VerifyOptions = {}): Promise<VerifyResult> {
  const pageSize = options.pageSize ?? 2_000;
  const anchor = options.anchorFile ? await readLastAnchor(options.anchorFile) : null;
  if (options.settle !== false) await settleAuditChain(db);
  const result = await db.transaction(
    async (tx): Promise<VerifyResult> => {
      const [checkpoint] = await tx.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.lastRemovedSeq)).limit(1);
      let prevSeq = checkpoint?.lastRemovedSeq ?? 0;
      let prevHash = checkpoint?.lastRemovedHash ?? GENESIS_HASH;
      let checked = 0;
      let anchoredHash: string | null = anchor && checkpoint && anchor.seq === checkpoint.lastRemovedSeq ? checkpoint.lastRemovedHash : null;
      for (;;) {
        // seq > prevSeq leaves pending rows (seq null) out, so every row here is sequenced.
        const page = (await tx.select().from(auditEvents).where(gt(auditEvents.seq, prevSeq)).orderBy(asc(auditEvents.seq)).limit(pageSize)) as SequencedAuditEvent[];
        for (const row of page) {
          if (row.seq !== prevSeq + 1) return { ok: false, checked, badSeq: prevSeq + 1, reason: "gap" };
          if (row.prevHash !== prevHash) return { ok: false, checked, badSeq: row.seq, reason: "broken_link" };
          if (hashEvent(row.prevHash, row) !== row.hash) return { ok: false, checked, badSeq: row.seq, reason: "hash_mismatch" };
          if (anchor && row.seq === anchor.seq) anchoredHash = row.hash;
          prevHash = row.hash;
          prevSeq = row.seq;
          checked++;
        }
        if (page.length < pageSize) break;
      }
      const tail = checkAnchor(anchor, anchoredHash, prevSeq);
      if (tail) return { ...tail, checked };
      return { ok: true, checked, lastSeq: prevSeq, lastHash: prevHash, checkpointSeq: checkpoint?.lastRemovedSeq ?? null, anchorSeq: anchor?.seq ?? null };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  if (result.ok && options.anchorFile && result.lastSeq > 0 && result.lastSeq > (anchor?.seq ?? 0)) {
    await appendAnchor(options.anchorFile, { seq: result.lastSeq, hash: result.lastHash });
  }
  return result;
}

/** The chain must reach the anchored seq, with the anchored hash there (when that event is still kept). */
function checkAnchor(anchor: Anchor | null, anchoredHash: string | null, headSeq: number): { ok: false; badSeq: number; reason: BreakReason } | null {
  if (!anchor) return null;
  if (anchor.seq > headSeq) return { ok: false, badSeq: headSeq + 1, reason: "tail_truncated" };
  if (anchoredHash !== null && anchoredHash !== anchor.hash) return { ok: false, badSeq: anchor.seq, reason: "anchor_mismatch" };
  return null;
}
