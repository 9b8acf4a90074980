import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { authorize } from "../auth/authorize";
import type { AccessContext } from "../auth/principal";
import { onReplica } from "../db/replica";
import { resolutionAt } from "./flush";
import { BUCKET_SLOTS, quantileFromBuckets } from "./histogram";

// Reads of request_metrics for /metrics and the overview. Every figure sums rows across
// instances (and minute/hour resolutions, which never overlap in time: roll-up moves
// minutes), and percentiles come from the merged bucket counts, never from averaging.
// Bucket sums are SQL aggregates per slot (sum(buckets[i])), so no row reaches Node.

export type Range = { from: Date; to: Date; route?: string };
export type Quantiles = { p50: number | null; p95: number | null; p99: number | null };
export type SeriesPoint = Quantiles & { t: string; requests: number; errors: number; ratePerSecond: number; errorRate: number | null; classes: Record<"2xx" | "3xx" | "4xx" | "5xx", number> };
export type RouteRow = Quantiles & { route: string; method: string; count: number; errors: number; ratePerSecond: number; errorRate: number | null; meanSeconds: number | null };
/** `generatedAt`: when the figures were read (shown as "Updated …", the same on server and client). */
export type MetricsHistory = { from: string; to: string; generatedAt: string; stepSeconds: number; series: SeriesPoint[]; routes: RouteRow[]; totals: RouteRow };

/**
 * Each instance flushes a minute within a minute of its end, so the newest step is still
 * filling. It is drawn once some of it is flushed, with its rate over the time it has had, so
 * there is no cliff at the right edge, and a route whose only requests are recent still
 * has a chart that agrees with its row in the table.
 */
const FLUSH_LAG_MS = 60_000;

const STEPS = [60, 300, 900, 3600, 6 * 3600, 86_400];
const MAX_POINTS = 180;

/** ≤ 180 points, and never finer than the stored resolution at `from` (older data is rolled up). */
export function stepFor(from: Date, to: Date, now = new Date()): number {
  const seconds = Math.max(60, (to.getTime() - from.getTime()) / 1000);
  const floor = resolutionAt(from, now);
  return STEPS.find((s) => seconds / s <= MAX_POINTS && s >= floor) ?? STEPS.at(-1)!;
}

const bucketSums = sql.raw(Array.from({ length: BUCKET_SLOTS }, (_, i) => `sum(buckets[${i + 1}])::float8 AS b${i}`).join(", "));
type Aggregates = { n: number; s: number; e: number; c2: number; c3: number; c4: number; c5: number } & Record<`b${number}`, number>;
const aggregates = sql`sum(count)::float8 AS n, sum(sum_seconds)::float8 AS s,
  coalesce(sum(count) FILTER (WHERE status_class = '5xx'), 0)::float8 AS e,
  coalesce(sum(count) FILTER (WHERE status_class = '2xx'), 0)::float8 AS c2, coalesce(sum(count) FILTER (WHERE status_class = '3xx'), 0)::float8 AS c3,
  coalesce(sum(count) FILTER (WHERE status_class = '4xx'), 0)::float8 AS c4, coalesce(sum(count) FILTER (WHERE status_class = '5xx'), 0)::float8 AS c5,
  ${bucketSums}`;

function quantiles(row: Aggregates): Quantiles {
  const buckets = Array.from({ length: BUCKET_SLOTS }, (_, i) => Number(row[`b${i}`] ?? 0));
  return { p50: quantileFromBuckets(buckets, 0.5), p95: quantileFromBuckets(buckets, 0.95), p99: quantileFromBuckets(buckets, 0.99) };
}

function toRouteRow(route: string, method: string, row: Aggregates, seconds: number): RouteRow {
  const count = Number(row.n ?? 0);
  const errors = Number(row.e ?? 0);
  return { route, method, count, errors, ratePerSecond: count / seconds, errorRate: count ? errors / count : null, meanSeconds: count ? Number(row.s) / count : null, ...quantiles(row) };
}

/** Adds one aggregate row into another (the JS side of the merge; same columns as the SQL). */
function addInto(acc: Aggregates, row: Aggregates): Aggregates {
  for (const k of ["n", "s", "e", "c2", "c3", "c4", "c5"] as const) acc[k] = (acc[k] ?? 0) + Number(row[k] ?? 0);
  for (let i = 0; i < BUCKET_SLOTS; i++) acc[`b${i}`] = (acc[`b${i}`] ?? 0) + Number(row[`b${i}`] ?? 0);
  return acc;
}
const zero = (): Aggregates => addInto({} as Aggregates, {} as Aggregates);

/**
 * The unchecked query (tests, bench); pages go through metricsHistoryFor. One scan with
 * GROUPING SETS: the series (per step) and the route table (per route × method) come back
 * as ~ points + routes rows, so neither the wire nor Node sees step × route.
 */
export async function getMetricsHistory(range: Range): Promise<MetricsHistory> {
  const step = stepFor(range.from, range.to);
  const seconds = Math.max(1, (range.to.getTime() - range.from.getTime()) / 1000);
  const where: SQL = sql`bucket_start >= ${range.from} AND bucket_start < ${range.to}${range.route ? sql` AND route = ${range.route}` : sql``}`;
  // Lag-tolerant: served by the replica when it is up to date (lib/db/replica.ts).
  const { rows } = await onReplica((db) =>
    db.execute<Aggregates & { t: number | null; route: string | null; method: string | null; g: number }>(sql`
      SELECT t, route, method, GROUPING(t, route, method) AS g, ${aggregates}
      FROM (SELECT floor(extract(epoch FROM bucket_start) / ${step})::bigint * ${step} AS t, * FROM request_metrics WHERE ${where}) m
      GROUP BY GROUPING SETS ((t), (route, method))`),
  );
  // GROUPING(): bit 2 = t rolled up, bits 1 and 0 = route and method rolled up. The totals
  // are the sum of the route rows (a few dozen), not a third aggregation pass.
  const complete = (Date.now() - FLUSH_LAG_MS) / 1000;
  const points = rows.filter((r) => Number(r.g) === 3 && Number(r.t) < complete).sort((a, b) => Number(a.t) - Number(b.t));
  // Seconds of each step that have passed (a whole step but for the newest, whose rate is
  // over the time it has had, not over a step that has not happened yet).
  const covered = (t: number) => Math.max(60, Math.min(step, Date.now() / 1000 - t));
  const routeRows = rows.filter((r) => Number(r.g) === 4);
  const total = routeRows.reduce((acc, r) => addInto(acc, r), zero());
  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    generatedAt: new Date().toISOString(),
    stepSeconds: step,
    series: points.map((p) => {
      const requests = Number(p.n);
      const errors = Number(p.e);
      return {
        t: new Date(Number(p.t) * 1000).toISOString(),
        requests,
        errors,
        ratePerSecond: requests / covered(Number(p.t)),
        errorRate: requests ? errors / requests : null,
        classes: { "2xx": Number(p.c2), "3xx": Number(p.c3), "4xx": Number(p.c4), "5xx": Number(p.c5) },
        ...quantiles(p),
      };
    }),
    routes: routeRows.map((r) => toRouteRow(r.route!, r.method!, r, seconds)).sort((a, b) => b.count - a.count),
    totals: toRouteRow("*", "*", total, seconds),
  };
}

/** /metrics: operators and admins (audited denial otherwise). */
export async function metricsHistoryFor(ctx: AccessContext, range: Range): Promise<MetricsHistory> {
  await authorize(ctx, "operator", "metrics");
  return getMetricsHistory(range);
}

export type RequestPulse = { ratePerSecond: number; errorRate: number | null; p95: number | null; requests: number };

/** The overview's tiles: the last hour across all routes. Any signed-in role. */
export async function requestPulse(ctx: AccessContext, now = new Date()): Promise<RequestPulse> {
  await authorize(ctx, "viewer", "overview:pulse");
  const { totals } = await getMetricsHistory({ from: new Date(now.getTime() - 3600_000), to: now });
  return { ratePerSecond: totals.ratePerSecond, errorRate: totals.errorRate, p95: totals.p95, requests: totals.count };
}

