import "server-only";
import { and, count, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { authorize } from "../auth/authorize";
import type { AccessContext } from "../auth/principal";
import { newestFirst } from "../db/keyset";
import { getDb } from "../db/client";
import { projects, runs, type RunStatus } from "../db/schema";
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
  const recent = sql`${runs.createdAt} >= now() - interval '24 hours'`;
  const perStatus = Object.fromEntries(RUN_STATUSES.map((s) => [s, countWhere(and(recent, eq(runs.status, s)))])) as Record<RunStatus, SQL<number>>;

  // Aggregates only: one pass over each table, never rows into memory.
  const [projectCounts, runCounts, failures] = await Promise.all([
    db.select({ active: countWhere(isNull(projects.archivedAt)), archived: countWhere(isNotNull(projects.archivedAt)) }).from(projects),
    db.select({ total: count(), last24h: countWhere(recent), ...perStatus }).from(runs),
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

  const p = projectCounts[0];
  const r = runCounts[0];
  return {
    projects: { active: p?.active ?? 0, archived: p?.archived ?? 0 },
    runs: { total: r?.total ?? 0 },
    last24h: {
      total: r?.last24h ?? 0,
      byStatus: Object.fromEntries(RUN_STATUSES.map((s) => [s, r?.[s] ?? 0])) as Record<RunStatus, number>,
    },
    // The ten newest failures, shown in the order of the column the card shows: Finished, newest first.
    recentFailures: [...failures].sort((a, b) => (b.finishedAt?.getTime() ?? 0) - (a.finishedAt?.getTime() ?? 0)).map((f) => ({
      id: f.id,
      name: f.name,
      projectSlug: f.projectSlug,
      finishedAt: f.finishedAt?.toISOString() ?? null,
      createdAt: f.createdAt.toISOString(),
    })),
  };
}
