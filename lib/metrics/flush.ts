import "server-only";
import { sql } from "drizzle-orm";
import { getConfig } from "../config";
import { getDb } from "../db/client";
import { requestMetrics } from "../db/schema";
import { instanceId } from "../runtime/instance";
import { drainMinutes, restoreMinutes } from "./aggregate";

// Per-minute history in request_metrics. Each instance writes its own rows (instance_id in
// the key), adding to a row it already wrote for that minute; readers sum across instances.

/** Element-wise sum of two bigint[] of the same length, for upserts and roll-ups. */
const addArrays = (a: string, b: string) => sql.raw(`ARRAY(SELECT x + y FROM unnest(${a}, ${b}) AS t(x, y))`);

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
          buckets: addArrays("request_metrics.buckets", "excluded.buckets"),
        },
      });
  } catch (err) {
    restoreMinutes(rows);
    throw err;
  }
  return rows.length;
}

/**
 * Minute rows older than 24 h become hour rows (instances merged: readers sum them anyway),
 * in one statement so a crash cannot count a minute twice or lose it; then rows older than
 * METRICS_RETENTION_DAYS go.
 */
export async function rollUpAndPrune(now = new Date()): Promise<{ rolledUp: number; pruned: number }> {
  const cutoff = new Date(Math.floor((now.getTime() - 24 * 3600_000) / 3600_000) * 3600_000);
  const retention = new Date(now.getTime() - getConfig().METRICS_RETENTION_DAYS * 86_400_000);
  return getDb().transaction(async (tx) => {
    const rolled = await tx.execute<{ n: number }>(sql`
      WITH moved AS (
        DELETE FROM request_metrics WHERE resolution = 'minute' AND bucket_start < ${cutoff} RETURNING *
      ), totals AS (
        SELECT date_trunc('hour', bucket_start) AS h, route, method, status_class, sum(count)::bigint AS c, sum(sum_seconds) AS s
        FROM moved GROUP BY 1, 2, 3, 4
      ), slots AS (
        SELECT date_trunc('hour', m.bucket_start) AS h, m.route, m.method, m.status_class, b.i, sum(b.v)::bigint AS v
        FROM moved m, unnest(m.buckets) WITH ORDINALITY AS b(v, i) GROUP BY 1, 2, 3, 4, 5
      ), arrays AS (
        SELECT h, route, method, status_class, array_agg(v ORDER BY i) AS buckets FROM slots GROUP BY 1, 2, 3, 4
      ), inserted AS (
        INSERT INTO request_metrics (resolution, bucket_start, instance_id, route, method, status_class, count, sum_seconds, buckets)
        SELECT 'hour', t.h, 'all', t.route, t.method, t.status_class, t.c, t.s, a.buckets
        FROM totals t JOIN arrays a USING (h, route, method, status_class)
        ON CONFLICT (resolution, bucket_start, instance_id, route, method, status_class) DO UPDATE SET
          count = request_metrics.count + excluded.count,
          sum_seconds = request_metrics.sum_seconds + excluded.sum_seconds,
          buckets = ${addArrays("request_metrics.buckets", "excluded.buckets")}
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM moved)::int AS n`);
    const pruned = await tx.execute(sql`DELETE FROM request_metrics WHERE bucket_start < ${retention}`);
    await tx.execute(sql`DELETE FROM monitor_checks WHERE checked_at < ${retention}`);
    return { rolledUp: Number(rolled.rows[0]?.n ?? 0), pruned: pruned.rowCount ?? 0 };
  });
}
