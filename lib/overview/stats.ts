import "server-only";
import { isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { authorize } from "../auth/authorize";
import type { AccessContext } from "../auth/principal";
import { getDb } from "../db/client";
import { projects, type RunStatus } from "../db/schema";
import { allTimeStatusCounts, lastHoursFrom, windowStatusCounts } from "../runs/rollups";
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
  // "The last 24 hours" in hourly buckets (lastHoursFrom): read from rollups alone.
  const last24h = windowStatusCounts({ from: lastHoursFrom(24) });

  // Run counts from the rollups (lib/runs/rollups.ts): a few rows per project and hour,
  // however many runs the history holds; the projects table is small.
  const [projectCounts, runCounts, failures] = await Promise.all([
    db.select({ active: countWhere(isNull(projects.archivedAt)), archived: countWhere(isNotNull(projects.archivedAt)) }).from(projects),
    // One statement, one snapshot: the all-time total (status null) and the last 24 hours by status.
    db.execute<{ status: RunStatus | null; n: string | null }>(sql`
      SELECT NULL::run_status AS status, sum(n) AS n FROM ${allTimeStatusCounts()} t
      UNION ALL
      SELECT status, sum(n) FROM ${last24h} c GROUP BY status`),
    // Newest failures by creation: each project's ten newest from runs_project_status_created_idx
    // (entered at the failed ones), merged. Walking runs_created_idx instead would pass every
    // live run of the last hour before the first failure, a number that grows with the load.
    db.execute<{ id: string; name: string; project_slug: string; finished_at: string | null; created_at: string }>(sql`
      SELECT f.id, f.name, p.slug AS project_slug,
             to_char(f.finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS finished_at,
             to_char(f.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
      FROM projects p
      CROSS JOIN LATERAL (
        SELECT r.id, r.name, r.finished_at, r.created_at FROM runs r
        WHERE r.project_id = p.id AND r.status = 'failed'
        ORDER BY r.created_at DESC NULLS LAST, r.id DESC NULLS LAST LIMIT ${RECENT_FAILURES}
      ) f
      ORDER BY f.created_at DESC, f.id DESC LIMIT ${RECENT_FAILURES}`),
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
    // The ten newest failures, shown in the order of the column the card shows: Finished, newest first.
    recentFailures: [...failures.rows]
      .sort((a, b) => (b.finished_at ?? "").localeCompare(a.finished_at ?? ""))
      .map((f) => ({ id: f.id, name: f.name, projectSlug: f.project_slug, finishedAt: f.finished_at, createdAt: f.created_at })),
  };
}
