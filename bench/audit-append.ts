import { sql } from "drizzle-orm";
import { recordAudit } from "../lib/audit/record";
import { getDb } from "../lib/db/client";
import { withBenchDatabase } from "./database";
import { timedConcurrent } from "./fixtures";
import type { Bench } from "./registry";

const N = 2_000;
const CONCURRENCY = 8;

// The price of the hash chain: a mutation transaction that records its audit event
// (advisory lock, read the tail, hash, insert) against the same transaction inserting an
// equivalent row into an unchained copy of the table.
export const auditAppendBench: Bench = {
  name: "audit-append",
  description: `${N} audited transactions vs plain inserts, ${CONCURRENCY} concurrent`,
  run: () =>
    withBenchDatabase(async () => {
      const db = getDb();
      await db.execute(sql`CREATE TABLE plain_events (LIKE audit_events INCLUDING DEFAULTS)`);
      const baseline = await timedConcurrent(N, CONCURRENCY, (i) =>
        db.transaction((tx) =>
          tx.execute(sql`INSERT INTO plain_events (seq, occurred_at, actor_type, action, prev_hash, hash) VALUES (${i}, now(), 'system', 'system.seed', md5(${String(i)}), md5(${String(-i)}))`),
        ),
      );
      const chained = await timedConcurrent(N, CONCURRENCY, (i) => db.transaction((tx) => recordAudit(tx, { action: "system.seed", actor: { type: "system", label: "bench" }, changes: { i } })));
      const ratio = (N / (chained / 1000)) / (N / (baseline / 1000));
      return {
        lines: [
          `plain insert: ${(N / (baseline / 1000)).toFixed(0)} tx/s`,
          `chained audit: ${(N / (chained / 1000)).toFixed(0)} tx/s`,
        ],
        ratio,
        target: { text: "chained/plain ≥ 0.3", met: ratio >= 0.3 },
      };
    }),
};
