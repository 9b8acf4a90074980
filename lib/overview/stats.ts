import "server-only";
import { eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { authorize } from "../auth/authorize";
import type { AccessContext } from "../auth/principal";
import { newestFirst } from "../db/keyset";
import { getDb } from "../db/client";
import { projects, runs, type RunStatus } from "../db/schema";
import { allTimeStatusCounts, windowStatusCounts } from "../runs/rollups";
import { RUN_STATUSES } from "../runs/state-machine";

// The overview's numbers: every signed-in role may read them.

export type RecentFailure = { id: string; name: string; projectSlug: string; finishedAt: string | null; createdAt: string };

export type OverviewStats = {
  projects: { active: number; archived: number };
  runs: { total: number };
  last24h: { total: number; byStatus: Record<RunStatus, number> };
  recentFailures: RecentFailure[];
};

const RECENT_FAILURES = 10;

/** count(*) FILTER (WHERE …): several counts from one pass over a table. */
const countWhere = (condition: SQL | undefined) => sql<number>`count(*) filter (where ${condition})`.mapWith(Number);

export async function getOverviewStats(ctx: AccessContext): Promise<OverviewStats> {
  await authorize(ctx, "viewer", "overview");
  const db = getDb();
  const last24h = windowStatusCounts({ from: sql`now() - interval '24 hours'` });

  // Run counts from the rollups (lib/runs/rollups.ts): a few rows per project and hour,
  // however many runs the history holds; the projects table is small.
  const [projectCounts, runCounts, failures] = await Promise.all([
    db.select({ active: countWhere(isNull(projects.archivedAt)), archived: countWhere(isNotNull(projects.archivedAt)) }).from(projects),
    // One statement, one snapshot: the all-time total (status null) and the last 24 hours by status.
    db.execute<{ status: RunStatus | null; n: string | null }>(sql`
      SELECT NULL::run_status AS status, sum(n) AS n FROM ${allTimeStatusCounts()} t
      UNION ALL
      SELECT status, sum(n) FROM ${last24h} c GROUP BY status`),
    // Newest by creation, so runs_created_idx is walked backwards until ten failures turn
    // up, instead of sorting every failure ever recorded by finished_at.
    db
      .select({ id: runs.id, name: runs.name, projectSlug: projects.slug, finishedAt: runs.finishedAt, createdAt: runs.createdAt })
      .from(runs)
      .innerJoin(projects, eq(projects.id, runs.projectId))
      .where(eq(runs.status, "failed"))
      .orderBy(...newestFirst(runs.createdAt, runs.id))
      .limit(RECENT_FAILURES),
  ]);
  const byStatus = Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;
  let total = 0;
  for (const row of runCounts.rows) {
    if (row.status === null) total = Number(row.n ?? 0);
    else byStatus[row.status] = Number(row.n ?? 0);
  }

  const p = projectCounts[0];
  return {
    projects: { active: p?.active ?? 0, archived: p?.archived ?? 0 },
    runs: { total },
    last24h: { total: Object.values(byStatus).reduce((a, c) => a + c, 0), byStatus },
    recentFailures: failures.map((f) => ({
      id: f.id,
      name: f.name,
      projectSlug: f.projectSlug,
      finishedAt: f.finishedAt?.toISOString() ?? null,
      createdAt: f.createdAt.toISOString(),
    })),
  };
}
