import { sql } from "drizzle-orm";
import { getDb } from "../lib/db/client";
import { drainMinutes } from "../lib/metrics/aggregate";
import { BUCKET_SLOTS } from "../lib/metrics/histogram";
import { getMetricsHistory } from "../lib/metrics/history";
import { recordRequest, setRequestRecorder } from "../lib/metrics/record";
import { withBenchDatabase } from "./database";
import { fmt, medianMs } from "./fixtures";
import type { Bench } from "./registry";

const CALLS = 200_000;
const ROUTES = Array.from({ length: 50 }, (_, i) => `/api/v1/bench/${i}/[id]`);

function timeCalls(): number {
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) recordRequest({ route: ROUTES[i % 50]!, method: i % 7 ? "GET" : "POST", status: i % 101 ? 200 : 503, durationMs: (i % 500) / 3 });
  return ((performance.now() - started) * 1000) / CALLS;
}

// What recording one request costs the request: the Prometheus histogram and counters plus
// the per-minute aggregate, against the same call with a no-op recorder.
export const metricsRecordBench: Bench = {
  name: "metrics-record",
  description: `${fmt(CALLS)} recordRequest() calls over 50 route templates: full recording vs a no-op recorder`,
  run: async () => {
    setRequestRecorder(() => undefined);
    timeCalls();
    const bare = Math.min(timeCalls(), timeCalls());
    setRequestRecorder(undefined);
    timeCalls();
    const full = Math.min(timeCalls(), timeCalls());
    drainMinutes({ all: true });
    const overhead = full - bare;
    return { lines: [`recording: ${full.toFixed(2)} µs/request`, `no-op:     ${bare.toFixed(3)} µs/request`, `overhead:  ${overhead.toFixed(2)} µs/request`], ratio: full / Math.max(bare, 0.001), target: { text: "overhead < 50 µs", met: overhead < 50 } };
  },
};

// The /metrics page's query over 30 days × 50 routes as stored after roll-up (flush.ts
// TIERS): minute rows from 2 instances for 2 h, then 5-minute, hour and 6-hour rows, every
// route with 2xx and 5xx rows in every bucket (pessimistic: real 5xx rows are sparse).
/**
 * 30 days × `routes` routes of request history as roll-up leaves it: minute rows from two
 * instances for 2 h, then 5-minute, hourly and 6-hourly rows.
 */
export async function seedTieredMetrics(now: Date, routes = 50): Promise<void> {
  const db = getDb();
  const buckets = `ARRAY[${Array.from({ length: BUCKET_SLOTS }, (_, i) => `(random() * ${10 - Math.min(i, 9)})::bigint`).join(", ")}]`;
  const h = 3600_000;
  const tiers: [string, number, number, number, string[]][] = [
    ["minute", 0, 2 * h, 60, ["a", "b"]],
    ["5min", 2 * h, 24 * h, 300, ["all"]],
    ["hour", 24 * h, 7 * 24 * h, 3600, ["all"]],
    ["6h", 7 * 24 * h, 30 * 24 * h, 21_600, ["all"]],
  ];
  for (const [resolution, newest, oldest, step, instances] of tiers) {
    const align = (t: number) => new Date(Math.floor(t / (step * 1000)) * step * 1000);
    await db.execute(sql`
      INSERT INTO request_metrics (resolution, bucket_start, instance_id, route, method, status_class, count, sum_seconds, buckets)
      SELECT ${resolution}, m, i, '/api/v1/bench/' || r || '/[id]', 'GET', c, 40, 1.5, ${sql.raw(buckets)}
      FROM generate_series(${align(now.getTime() - oldest)}::timestamptz, ${align(now.getTime() - newest)}::timestamptz - make_interval(secs => ${step}), make_interval(secs => ${step})) m,
           generate_series(1, ${routes}) r, unnest(${sql.param(instances)}::text[]) AS inst(i), (VALUES ('2xx'), ('5xx')) AS cls(c)`);
  }
}

export const metricsQueryBench: Bench = {
  name: "metrics-query",
  description: "/metrics history query, 30 days × 50 routes as stored (minute rows ×2 instances for 2 h, then 5 min / 1 h / 6 h tiers)",
  run: () =>
    withBenchDatabase(async () => {
      const db = getDb();
      const now = new Date();
      await seedTieredMetrics(now);
      await db.execute(sql`ANALYZE request_metrics`);
      const rows = Number((await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM request_metrics`)).rows[0]!.n);
      const range = { from: new Date(now.getTime() - 30 * 86_400_000), to: now };
      const month = await medianMs(15, () => getMetricsHistory(range));
      const day = await medianMs(15, () => getMetricsHistory({ from: new Date(now.getTime() - 86_400_000), to: now }));
      const route = await medianMs(15, () => getMetricsHistory({ ...range, route: "/api/v1/bench/7/[id]" }));
      return {
        lines: [`${fmt(rows)} rows`, `30 d, all routes: ${month.ms.toFixed(1)} ms (median of ${month.samples})`, `24 h, all routes: ${day.ms.toFixed(1)} ms`, `30 d, one route:  ${route.ms.toFixed(1)} ms`],
        ratio: month.ms / 100,
        target: { text: "30 d query < 100 ms", met: month.ms < 100 },
      };
    }),
};
