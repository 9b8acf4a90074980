import { asc, gt } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { auditEvents } from "../db/schema";
import { GENESIS_HASH, hashEvent } from "./chain";

export type VerifyResult =
  | { ok: true; checked: number; lastSeq: number; lastHash: string }
  | { ok: false; checked: number; badSeq: number; reason: "hash_mismatch" | "gap" | "broken_link" };

/** Walks the chain in seq order, in pages, recomputing every hash and link. */
export async function verifyAuditChain(db: DbOrTx, pageSize = 2_000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let prevSeq = 0;
  let checked = 0;
  for (;;) {
    const page = await db.select().from(auditEvents).where(gt(auditEvents.seq, prevSeq)).orderBy(asc(auditEvents.seq)).limit(pageSize);
    for (const row of page) {
      if (row.seq !== prevSeq + 1) return { ok: false, checked, badSeq: row.seq, reason: "gap" };
      if (row.prevHash !== prevHash) return { ok: false, checked, badSeq: row.seq, reason: "broken_link" };
      if (hashEvent(row.prevHash, row) !== row.hash) return { ok: false, checked, badSeq: row.seq, reason: "hash_mismatch" };
      prevHash = row.hash;
      prevSeq = row.seq;
      checked++;
    }
    if (page.length < pageSize) return { ok: true, checked, lastSeq: prevSeq, lastHash: prevHash };
  }
}
