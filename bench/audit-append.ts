import { sql } from "drizzle-orm";
import { recordAudit } from "../lib/audit/record";
import { settleAuditChain, startAuditSequencer, stopAuditSequencer } from "../lib/audit/sequencer";
import { verifyAuditChain } from "../lib/audit/verify";
import { getDb } from "../lib/db/client";
import { withBenchDatabase } from "./database";
import { timedConcurrent } from "./fixtures";
import type { Bench } from "./registry";

const N = 2_000;
const CONCURRENCY = 8;
const ROUNDS = 3;

// The price of the hash chain: mutation transactions that record their audit event (a
// pending insert; the sequencer, running as on every instance, chains them in batches)
// until every event is chained, against the same transactions inserting an equivalent row
// into an unchained copy of the table.
export const auditAppendBench: Bench = {
  name: "audit-append",
  description: `${N} audited transactions vs plain inserts, ${CONCURRENCY} concurrent, best of ${ROUNDS} alternating rounds`,
  run: () =>
    withBenchDatabase(async () => {
      const db = getDb();
      await db.execute(sql`CREATE TABLE plain_events (LIKE audit_events INCLUDING DEFAULTS INCLUDING INDEXES)`);
      const plainRound = (round: number) =>
        timedConcurrent(N, CONCURRENCY, (i) =>
          db.transaction((tx) =>
            tx.execute(
              sql`INSERT INTO plain_events (seq, occurred_at, actor_type, actor_label, action, changes, prev_hash, hash)
                  VALUES (${round * N + i}, now(), 'system', 'bench', 'system.seed', ${JSON.stringify({ i })}::jsonb, md5(${String(round * N + i)}), md5(${String(-(round * N + i))})) RETURNING id`,
            ),
          ),
        );
      const chainedRound = async () => {
        const started = performance.now();
        await timedConcurrent(N, CONCURRENCY, (i) => db.transaction((tx) => recordAudit(tx, { action: "system.seed", actor: { type: "system", label: "bench" }, changes: { i } })));
        if (!(await settleAuditChain(db, 10_000))) throw new Error("the sequencer did not catch up within 10 s");
        return performance.now() - started;
      };
      // Alternating rounds, best of each, so a noisy neighbour skews both sides alike.
      startAuditSequencer();
      let baseline = Infinity;
      let chained = Infinity;
      for (let round = 0; round < ROUNDS; round++) {
        baseline = Math.min(baseline, await plainRound(round));
        chained = Math.min(chained, await chainedRound());
      }
      stopAuditSequencer();
      const verified = await verifyAuditChain(db);
      if (!verified.ok || verified.checked !== N * ROUNDS) throw new Error(`chain after the bench: ${JSON.stringify(verified)}`);
      const ratio = (N / (chained / 1000)) / (N / (baseline / 1000));
      return {
        lines: [
          `plain insert: ${(N / (baseline / 1000)).toFixed(0)} tx/s`,
          `chained audit: ${(N / (chained / 1000)).toFixed(0)} tx/s (until every event is sequenced; chain verified)`,
        ],
        ratio,
        target: { text: "chained/plain ≥ 0.8", met: ratio >= 0.8 },
      };
    }),
};
