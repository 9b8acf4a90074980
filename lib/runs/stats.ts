import "server-only";
import { sql } from "drizzle-orm";
import { type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { cached } from "../cache/tags";
import { getDb } from "../db/client";
import { findVisibleProject } from "../projects/queries";
import { projectTag } from "./create";
import { lastHoursFrom, quantileFromDurationBins, windowDurationBins, windowStatusCounts } from "./rollups";

// A project's headline numbers over the last 24 hours, from the run rollups
// (lib/runs/rollups.ts: hourly counts and duration histogram plus pending deltas, raw runs
// only for the window's first partial hour), cached under the project's tag: every
// run write (create, batch, patch, cancel, retry) invalidates `project:<id>`, so the KPIs
// are never staler than the last write, and at most STATS_TTL_MS old otherwise (the window moves).

export type ProjectRunStats = {
  /** Runs created in the window. */
  total: number;
  succeeded: number;
  failed: number;
  /** succeeded ÷ (succeeded + failed) of the window's runs; null when none finished that way. Cancelled runs are left out. */
  successRate: number | null;
  /** Run duration (started → finished) percentiles in ms over the window's finished runs; null without any. */
  p50Ms: number | null;
  p95Ms: number | null;
  /** When the figures were computed (ISO), so the page can say how fresh they are. */
  computedAt: string;
};

export const STATS_WINDOW_HOURS = 24;
const STATS_TTL_MS = 60_000;

export async function getProjectRunStats(ctx: AccessContext, slug: string): Promise<ProjectRunStats> {
  await authorize(ctx, "runs:read", `project:${slug}`);
  const project = await findVisibleProject(getDb(), ctx, slug);
  return cached(`project-run-stats:${project.id}`, { ttlMs: STATS_TTL_MS, tags: [projectTag(project.id)] }, () => computeStats(project.id));
}

/**
 * Up to this many finished runs in the window, p50/p95 are exact (percentile_cont over
 * those rows, a bounded read); past it they come from the duration histogram rollup,
 * within one bin (about 4.4 %) of the exact value, at a cost that no longer grows with the runs.
 */
export const EXACT_PERCENTILE_MAX_RUNS = 5_000;

async function computeStats(projectId: string): Promise<ProjectRunStats> {
  const window = { from: lastHoursFrom(STATS_WINDOW_HOURS), projectIds: [projectId] };
  const db = getDb();
  const [counts, bins] = await Promise.all([
    db.execute<{ status: string; n: string }>(sql`SELECT status, sum(n) AS n FROM ${windowStatusCounts(window)} c GROUP BY status`),
    db.execute<{ bin: number; n: string }>(sql`SELECT bin, sum(n) AS n FROM ${windowDurationBins(window)} h GROUP BY bin`),
  ]);
  const byStatus = new Map(counts.rows.map((r) => [r.status, Number(r.n)]));
  const histogram = bins.rows.map((r) => ({ bin: Number(r.bin), n: Number(r.n) }));
  const finishedRuns = histogram.reduce((sum, h) => sum + h.n, 0);
  const succeeded = byStatus.get("succeeded") ?? 0;
  const failed = byStatus.get("failed") ?? 0;
  const ms = (v: number | null) => (v === null ? null : Math.round(Number(v)));
  const percentiles =
    finishedRuns <= EXACT_PERCENTILE_MAX_RUNS
      ? await exactPercentiles(projectId)
      : { p50: quantileFromDurationBins(histogram, 0.5), p95: quantileFromDurationBins(histogram, 0.95) };
  return {
    total: [...byStatus.values()].reduce((a, c) => a + c, 0),
    succeeded,
    failed,
    successRate: succeeded + failed === 0 ? null : succeeded / (succeeded + failed),
    p50Ms: ms(percentiles.p50),
    p95Ms: ms(percentiles.p95),
    computedAt: new Date().toISOString(),
  };
}

async function exactPercentiles(projectId: string): Promise<{ p50: number | null; p95: number | null }> {
  const duration = sql`extract(epoch from (finished_at - started_at)) * 1000`;
  const result = await getDb().execute<{ p50: number | null; p95: number | null }>(sql`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ${duration}) AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY ${duration}) AS p95
    FROM runs
    WHERE project_id = ${projectId} AND created_at >= ${lastHoursFrom(STATS_WINDOW_HOURS)}
      AND finished_at IS NOT NULL AND started_at IS NOT NULL`);
  const row = result.rows[0];
  return { p50: row?.p50 ?? null, p95: row?.p95 ?? null };
}
