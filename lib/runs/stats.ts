import "server-only";
import { sql } from "drizzle-orm";
import { type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { cached } from "../cache/tags";
import { getDb } from "../db/client";
import { findVisibleProject } from "../projects/queries";
import { projectTag } from "./create";

// A project's headline numbers over the last 24 hours. One aggregate pass over the
// project's recent runs (runs_project_created_idx), cached under the project's tag: every
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

async function computeStats(projectId: string): Promise<ProjectRunStats> {
  const duration = sql`extract(epoch from (finished_at - started_at)) * 1000`;
  const finished = sql`finished_at IS NOT NULL AND started_at IS NOT NULL`;
  const result = await getDb().execute<{ total: string; succeeded: string; failed: string; p50: number | null; p95: number | null }>(sql`
    SELECT count(*) AS total,
           count(*) FILTER (WHERE status = 'succeeded') AS succeeded,
           count(*) FILTER (WHERE status = 'failed') AS failed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY ${duration}) FILTER (WHERE ${finished}) AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY ${duration}) FILTER (WHERE ${finished}) AS p95
    FROM runs
    WHERE project_id = ${projectId} AND created_at >= now() - make_interval(hours => ${STATS_WINDOW_HOURS})`);
  const row = result.rows[0]!;
  const succeeded = Number(row.succeeded);
  const failed = Number(row.failed);
  const ms = (v: number | null) => (v === null ? null : Math.round(Number(v)));
  return {
    total: Number(row.total),
    succeeded,
    failed,
    successRate: succeeded + failed === 0 ? null : succeeded / (succeeded + failed),
    p50Ms: ms(row.p50),
    p95Ms: ms(row.p95),
    computedAt: new Date().toISOString(),
  };
}
