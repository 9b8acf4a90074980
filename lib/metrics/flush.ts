import "server-only";
import { sql } from "drizzle-orm";
import { getDb, type Tx } from "../db/client";
import { requestMetrics } from "../db/schema";
import { dropPartitionsBefore } from "../history/partitions";
import { historyCutoff } from "../jobs/retention";
import { instanceId } from "../runtime/instance";
import { drainMinutes, restoreMinutes } from "./aggregate";
import { addBucketArrays } from "./histogram";

// Per-minute history in request_metrics. Each instance writes its own rows (instance_id in
// the key), adding to a row it already wrote for that minute; readers sum across instances.

/** Writes this process's closed minutes (every minute when `all`, at shutdown). Returns the rows written. */
export async function flushRequestMetrics(options: { all?: boolean; now?: number } = {}): Promise<number> {
  const rows = drainMinutes(options);
  if (rows.length === 0) return 0;
  const me = instanceId();
  try {
    await getDb()
      .insert(requestMetrics)
      .values(rows.map((r) => ({ resolution: "minute", bucketStart: r.bucketStart, instanceId: me, route: r.route, method: r.method, statusClass: r.statusClass, count: r.count, sumSeconds: r.sumSeconds, buckets: r.buckets })))
      .onConflictDoUpdate({
        target: [requestMetrics.resolution, requestMetrics.bucketStart, requestMetrics.instanceId, requestMetrics.route, requestMetrics.method, requestMetrics.statusClass],
        set: {
          count: sql`${requestMetrics.count} + excluded.count`,
          sumSeconds: sql`${requestMetrics.sumSeconds} + excluded.sum_seconds`,
          buckets: addBucketArrays(sql.raw("request_metrics.buckets"), sql.raw("excluded.buckets")),
        },
      });
  } catch (err) {
    restoreMinutes(rows);
    throw err;
  }
  return rows.length;
}

/**
 * Resolution tiers, finest first: rows older than `after` are rolled into the next tier
 * (instances merged: readers sum them anyway). The /metrics steps (1 min for 1 h, 5 min for
 * 6 h, 15 min for 24 h, 1 h for 7 d, 6 h for 30 d) never need finer data than a tier keeps,
 * and the 30-day query reads ~15× fewer rows than with minutes alone.
 */
export const TIERS = [
  { resolution: "minute", seconds: 60, keepMs: 2 * 3600_000 },
  { resolution: "5min", seconds: 300, keepMs: 24 * 3600_000 },
  { resolution: "hour", seconds: 3600, keepMs: 7 * 86_400_000 },
  { resolution: "6h", seconds: 21_600, keepMs: Number.POSITIVE_INFINITY },
] as const;

/** The coarsest resolution (seconds) of the data that covers `from`: a chart's step must not be finer. */
export function resolutionAt(from: Date, now = new Date()): number {
  const age = now.getTime() - from.getTime();
  return TIERS.find((t) => age <= t.keepMs)?.seconds ?? TIERS.at(-1)!.seconds;
}

/**
 * Moves `from` rows older than the cutoff into `to` rows, in one statement so a crash cannot
 * count a row twice or lose it. The cutoff is aligned to the coarser tier, so no target
 * bucket is split between the tiers.
 */
async function rollUpTier(tx: Tx, from: (typeof TIERS)[number], to: (typeof TIERS)[number], now: Date): Promise<number> {
  const cutoff = new Date(Math.floor((now.getTime() - from.keepMs) / (to.seconds * 1000)) * to.seconds * 1000);
  const bucket = sql.raw(`to_timestamp(floor(extract(epoch FROM bucket_start) / ${to.seconds}) * ${to.seconds})`);
  const moved = await tx.execute<{ n: number }>(sql`
    WITH moved AS (
      DELETE FROM request_metrics WHERE resolution = ${from.resolution} AND bucket_start < ${cutoff} RETURNING *
    ), totals AS (
      SELECT ${bucket} AS h, route, method, status_class, sum(count)::bigint AS c, sum(sum_seconds) AS s
      FROM moved GROUP BY 1, 2, 3, 4
    ), slots AS (
      SELECT ${bucket} AS h, route, method, status_class, b.i, sum(b.v)::bigint AS v
      FROM moved, unnest(moved.buckets) WITH ORDINALITY AS b(v, i) GROUP BY 1, 2, 3, 4, 5
    ), arrays AS (
      SELECT h, route, method, status_class, array_agg(v ORDER BY i) AS buckets FROM slots GROUP BY 1, 2, 3, 4
    ), inserted AS (
      INSERT INTO request_metrics (resolution, bucket_start, instance_id, route, method, status_class, count, sum_seconds, buckets)
      SELECT ${to.resolution}, t.h, 'all', t.route, t.method, t.status_class, t.c, t.s, a.buckets
      FROM totals t JOIN arrays a USING (h, route, method, status_class)
      ON CONFLICT (resolution, bucket_start, instance_id, route, method, status_class) DO UPDATE SET
        count = request_metrics.count + excluded.count,
        sum_seconds = request_metrics.sum_seconds + excluded.sum_seconds,
        buckets = ${addBucketArrays(sql.raw("request_metrics.buckets"), sql.raw("excluded.buckets"))}
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM moved)::int AS n`);
  return Number(moved.rows[0]?.n ?? 0);
}

/**
 * Rolls every tier into the next, then drops the day partitions wholly older than
 * METRICS_RETENTION_DAYS (and older strays in the default partition), after the roll-up has
 * committed: the drop's brief exclusive lock is not held behind the roll-up's writes.
 */
export async function rollUpAndPrune(now = new Date()): Promise<{ rolledUp: number; prunedPartitions: number; prunedRows: number }> {
  const rolledUp = await getDb().transaction(async (tx) => {
    let n = 0;
    for (let i = 0; i < TIERS.length - 1; i++) n += await rollUpTier(tx, TIERS[i]!, TIERS[i + 1]!, now);
    return n;
  });
  const pruned = await dropPartitionsBefore("request_metrics", historyCutoff(now));
  return { rolledUp, prunedPartitions: pruned.partitions, prunedRows: pruned.strayRows };
}
