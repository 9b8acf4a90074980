import "server-only";
import { sql } from "drizzle-orm";
import { type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { cached } from "../cache/tags";
import { getDb } from "../db/client";
import type { RunStatus } from "../db/schema";
import { projectTag } from "../runs/create";
import { allTimeStatusCounts, lastHoursFrom, windowStatusCounts } from "../runs/rollups";
import type { ProjectDto } from "./dto";
import { listProjects, type ProjectListQuery } from "./queries";
import type { Page } from "../db/keyset";

// The /projects list: a keyset page of projects, each with its run counts and last run.
// The counts come from the run rollups (a few rows per project and hour, not a scan of its
// runs) and are cached for the page's set of projects, dropped by any run write to one of them.

export type LastRun = { id: string; name: string; status: RunStatus; createdAt: string };
export type ProjectRunSummary = { runsTotal: number; runs24h: number; failed24h: number; lastRun: LastRun | null };
export type ProjectWithRuns = ProjectDto & { runs: ProjectRunSummary };

const SUMMARY_TTL_MS = 60_000;
const EMPTY: ProjectRunSummary = { runsTotal: 0, runs24h: 0, failed24h: 0, lastRun: null };

export async function listProjectsWithRunSummary(ctx: AccessContext, query: ProjectListQuery, page: { limit: number; cursor?: string }): Promise<Page<ProjectWithRuns>> {
  // listProjects checks projects:read and a key's project binding; the counts need runs:read too.
  const projects = await listProjects(ctx, query, page);
  await authorize(ctx, "runs:read", "projects");
  const ids = projects.data.map((p) => p.id);
  const summaries = ids.length
    ? await cached(`project-run-summaries:${ids.join(",")}`, { ttlMs: SUMMARY_TTL_MS, tags: ids.map(projectTag) }, () => summarize(ids))
    : {};
  return { data: projects.data.map((p) => ({ ...p, runs: summaries[p.id] ?? EMPTY })), nextCursor: projects.nextCursor };
}

type SummaryRow = { id: string; total: string; recent: string; failed: string; last_id: string | null; last_name: string | null; last_status: RunStatus | null; last_created: string | null };

async function summarize(ids: string[]): Promise<Record<string, ProjectRunSummary>> {
  // Counts from the rollups (lib/runs/rollups.ts); the last run is one index probe each.
  const recent = windowStatusCounts({ from: lastHoursFrom(24), projectIds: ids });
  const result = await getDb().execute<SummaryRow>(sql`
    SELECT p.id, coalesce(t.total, 0) AS total, coalesce(c.recent, 0) AS recent, coalesce(c.failed, 0) AS failed,
           l.id AS last_id, l.name AS last_name, l.status AS last_status,
           to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last_created
    FROM unnest(${sql.param(ids)}::uuid[]) AS p(id)
    LEFT JOIN (SELECT project_id, sum(n) AS total FROM ${allTimeStatusCounts(ids)} a GROUP BY project_id) t ON t.project_id = p.id
    LEFT JOIN (
      SELECT project_id, sum(n) AS recent, coalesce(sum(n) FILTER (WHERE status = 'failed'), 0) AS failed
      FROM ${recent} w GROUP BY project_id
    ) c ON c.project_id = p.id
    LEFT JOIN LATERAL (
      SELECT r.id, r.name, r.status, r.created_at FROM runs r
      -- NULLS LAST as runs_project_created_idx is built: otherwise the order does not match it
      -- and every run of the project is sorted for one row.
      WHERE r.project_id = p.id ORDER BY r.created_at DESC NULLS LAST, r.id DESC NULLS LAST LIMIT 1
    ) l ON true`);
  return Object.fromEntries(
    result.rows.map((r) => [
      r.id,
      {
        runsTotal: Number(r.total),
        runs24h: Number(r.recent),
        failed24h: Number(r.failed),
        lastRun: r.last_id ? { id: r.last_id, name: r.last_name!, status: r.last_status!, createdAt: r.last_created! } : null,
      },
    ]),
  );
}
