import { sql } from "drizzle-orm";
import { getDb, getPool } from "../lib/db/client";
import { withoutQueryRecording } from "../lib/db/query-context";
import { dropPartitionsBefore, ensurePartitions } from "../lib/history/partitions";
import { historyTable, type HistoryTable } from "../lib/history/tables";
import { BUCKET_SLOTS } from "../lib/metrics/histogram";
import { withBenchDatabase } from "./database";
import { envInt, fmt } from "./fixtures";
import type { Bench } from "./registry";

// What retention costs per day of history (drizzle/0008): the same day of rows (1M request
// metric rows, 1M run-log lines by default) removed by dropping the partition that holds it,
// against a DELETE of that day's rows from the same partitioned table (the DELETE's best case:
// partition pruning confines it to the one partition; before 0008 request_metrics had no index
// leading with bucket_start). The DELETE also leaves that many dead tuples for VACUUM, timed
// apart, and the slowest insert another connection made meanwhile shows what each stalls. A row
// of the next day (week) is seeded each time and must survive both.

const ROWS = envInt("BENCH_RETENTION_ROWS", 1_000_000);
const DAY = 86_400_000;
/** Rows per seeding statement (under the pool's statement timeout). */
const CHUNK = 100_000;

type Case = { table: HistoryTable["name"]; key: string; seed: (day: Date) => Promise<void> };

async function seedMetrics(day: Date): Promise<void> {
  const buckets = `ARRAY[${Array.from({ length: BUCKET_SLOTS }, (_, i) => `(g % ${7 + i})::bigint`).join(", ")}]`;
  for (let from = 0; from < ROWS; from += CHUNK) {
    await getDb().execute(sql`
      INSERT INTO request_metrics (resolution, bucket_start, instance_id, route, method, status_class, count, sum_seconds, buckets)
      SELECT 'minute', ${day}::timestamptz + (g % 1440) * interval '1 minute', 'bench-' || (g % 2), '/api/v1/bench/' || (g / 1440) || '/[id]', 'GET', '2xx', 1 + g % 40, (g % 40) * 0.01, ${sql.raw(buckets)}
      FROM generate_series(${from}::int, ${Math.min(from + CHUNK, ROWS) - 1}::int) g`);
  }
  // One row of the next day, which neither way of removing the day may touch.
  await getDb().execute(sql`
    INSERT INTO request_metrics (resolution, bucket_start, instance_id, route, method, status_class, count, sum_seconds, buckets)
    VALUES ('minute', ${new Date(day.getTime() + DAY)}, 'bench-next', '/next', 'GET', '2xx', 1, 0, ${sql.raw(buckets.replaceAll("g %", "1 %"))})
    ON CONFLICT DO NOTHING`);
}

async function seedLogs(day: Date): Promise<void> {
  const runs = Math.ceil(ROWS / 1000);
  await getDb().execute(sql`INSERT INTO projects (slug, name) VALUES ('retention', 'Retention') ON CONFLICT DO NOTHING`);
  await getDb().execute(sql`
    INSERT INTO runs (project_id, name, created_at)
    SELECT p.id, 'bench ' || g, ${day} FROM projects p, generate_series(1, ${runs}) g WHERE p.slug = 'retention' AND NOT EXISTS (SELECT 1 FROM runs)`);
  for (let from = 0; from < runs; from += CHUNK / 1000) {
    await getDb().execute(sql`
      INSERT INTO run_logs (run_id, seq, ts, level, message)
      SELECT r.id, s.seq, ${day}::timestamptz + (r.n * 1000 + s.seq) * (interval '86399 seconds' / ${runs * 1000}), CASE WHEN s.seq % 17 = 0 THEN 'warn' ELSE 'info' END,
             'step ' || s.seq || ': compiled ' || (s.seq * 7 % 311) || ' modules in ' || (s.seq % 900) || ' ms'
      FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM runs) r, generate_series(1, 1000) s(seq)
      WHERE r.n >= ${from} AND r.n < ${from + CHUNK / 1000} AND r.n * 1000 + s.seq <= ${ROWS}`);
  }
  await getDb().execute(sql`INSERT INTO run_logs (run_id, seq, ts, message) SELECT id, 1000000, ${new Date(day.getTime() + 7 * DAY)}, 'next week' FROM runs LIMIT 1 ON CONFLICT DO NOTHING`);
}

const count = async (table: string, from: Date, to: Date, key: string) =>
  Number((await getDb().execute<{ n: string }>(sql`SELECT count(*) AS n FROM ${sql.identifier(table)} WHERE ${sql.identifier(key)} >= ${from} AND ${sql.identifier(key)} < ${to}`)).rows[0]!.n);

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/**
 * Runs `fn` while another connection keeps writing one row at a time into the current
 * partition of the table; returns fn's time and the slowest of those writes: how long the
 * removal held writers up (the detach takes the table's lock for a moment; a DELETE takes none
 * that an insert waits on, but competes for I/O).
 */
async function timedUnderWrites(c: Case, fn: () => Promise<unknown>): Promise<{ ms: number; writeMaxMs: number }> {
  const client = await getPool().connect();
  let done = false;
  let writeMaxMs = 0;
  let n = 0;
  const write = c.table === "request_metrics"
    ? () => client.query("INSERT INTO request_metrics (resolution, bucket_start, instance_id, route, method, status_class, count, sum_seconds, buckets) VALUES ('minute', date_trunc('minute', now()), 'probe', $1, 'GET', '2xx', 1, 0, '{1}')", [`/probe/${n++}`])
    : () => client.query("INSERT INTO run_logs (run_id, seq, message) SELECT id, $1, 'probe' FROM runs ORDER BY id LIMIT 1", [2_000_000 + n++]);
  const writer = (async () => {
    while (!done) {
      const started = performance.now();
      await write();
      writeMaxMs = Math.max(writeMaxMs, performance.now() - started);
    }
  })();
  try {
    await write(); // warm
    writeMaxMs = 0;
    const ms = await timed(fn);
    return { ms, writeMaxMs };
  } finally {
    done = true;
    await writer.catch(() => undefined);
    client.release();
  }
}

/** Seeds the day, drops its partition; seeds it again, DELETEs it. Milliseconds of each. */
async function measure(c: Case, day: Date): Promise<{ dropMs: number; dropStallMs: number; deleteMs: number; deleteStallMs: number; vacuumMs: number; partitions: number }> {
  const table = historyTable(c.table);
  const step = table.period === "day" ? DAY : 7 * DAY;
  const next = new Date(day.getTime() + step);
  const prepare = async () => {
    await ensurePartitions(table, day, new Date(next.getTime() + step));
    await c.seed(day);
    // Settled before timing: analyzed and vacuumed (so autovacuum, which would hold a lock on
    // the fresh partition, has nothing to do), and flushed to disk.
    await getDb().execute(sql`VACUUM (ANALYZE) ${sql.identifier(c.table)}`);
    await getDb().execute(sql`CHECKPOINT`);
    for (let i = 0; i < 600; i++) {
      const busy = await getDb().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND datname = current_database()`);
      if (busy.rows[0]!.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const n = await count(c.table, day, next, c.key);
    if (n !== ROWS) throw new Error(`${c.table}: seeded ${n} rows, expected ${ROWS}`);
  };
  const survivorIntact = async () => {
    if ((await count(c.table, next, new Date(next.getTime() + step), c.key)) < 1) throw new Error(`${c.table}: the next ${table.period}'s row went too`);
  };

  await prepare();
  let partitions = 0;
  const drop = await timedUnderWrites(c, async () => (partitions = (await dropPartitionsBefore(c.table, next)).partitions));
  if ((await count(c.table, day, next, c.key)) !== 0) throw new Error(`${c.table}: rows left after the drop`);
  await survivorIntact();

  await prepare();
  let deleted = 0;
  const del = await timedUnderWrites(c, () =>
    getDb().transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL statement_timeout = 0`);
      const result = await tx.execute(sql`DELETE FROM ${sql.identifier(c.table)} WHERE ${sql.identifier(c.key)} >= ${day} AND ${sql.identifier(c.key)} < ${next}`);
      deleted = result.rowCount ?? 0;
    }),
  );
  if (deleted !== ROWS) throw new Error(`${c.table}: DELETE removed ${deleted} rows`);
  await survivorIntact();
  const vacuumMs = await timed(() => getDb().execute(sql`VACUUM ${sql.identifier(c.table)}`));
  return { dropMs: drop.ms, dropStallMs: drop.writeMaxMs, deleteMs: del.ms, deleteStallMs: del.writeMaxMs, vacuumMs, partitions };
}

export const retentionBench: Bench = {
  name: "retention",
  description: `removing a day of ${fmt(ROWS)} request-metric rows and of ${fmt(ROWS)} run-log lines: dropping its partition vs DELETE`,
  run: () =>
    withBenchDatabase(() =>
      withoutQueryRecording(async () => {
        // A day older than the 30-day retention (and, for run logs, the first day of its week
        // partition, so that partition holds exactly the day).
        const now = Date.now();
        const metricsDay = new Date(Math.floor((now - 40 * DAY) / DAY) * DAY);
        const logsDay = new Date((Math.floor((Math.floor((now - 70 * DAY) / DAY) + 3) / 7) * 7 - 3) * DAY);
        const cases: Case[] = [
          { table: "request_metrics", key: "bucket_start", seed: seedMetrics },
          { table: "run_logs", key: "ts", seed: seedLogs },
        ];
        const lines: string[] = [];
        const ratios: number[] = [];
        const withVacuum: number[] = [];
        for (const c of cases) {
          const day = c.table === "run_logs" ? logsDay : metricsDay;
          const r = await measure(c, day);
          ratios.push(r.deleteMs / r.dropMs);
          withVacuum.push((r.deleteMs + r.vacuumMs) / r.dropMs);
          lines.push(
            `${c.table.padEnd(16)} drop partition ${r.dropMs.toFixed(0).padStart(6)} ms (${r.partitions} partition, slowest concurrent insert ${r.dropStallMs.toFixed(0)} ms)`,
            `${"".padEnd(16)} DELETE         ${r.deleteMs.toFixed(0).padStart(6)} ms (slowest concurrent insert ${r.deleteStallMs.toFixed(0)} ms), then VACUUM ${r.vacuumMs.toFixed(0)} ms`,
            `${"".padEnd(16)} DELETE/drop ${(r.deleteMs / r.dropMs).toFixed(1)}×, (DELETE + VACUUM)/drop ${((r.deleteMs + r.vacuumMs) / r.dropMs).toFixed(1)}×`,
          );
        }
        // The ratio: DELETE's time over the drop's, the lower of the two tables.
        return { lines, ratio: Math.min(...ratios) };
      }),
    ),
};
