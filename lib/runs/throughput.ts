import "server-only";
import { sql } from "drizzle-orm";
import { authorize } from "../auth/authorize";
import type { AccessContext } from "../auth/principal";
import { getDb } from "../db/client";
import { windowStatusCounts } from "./rollups";
import { FINAL_STATUSES } from "./state-machine";

// Run throughput and failure rate per project over a time range (by creation time), for /metrics.

export type ProjectThroughput = { slug: string; name: string; created: number; finished: number; failed: number; perHour: number; failureRate: number | null };

export async function runThroughputByProject(ctx: AccessContext, range: { from: Date; to: Date }): Promise<ProjectThroughput[]> {
  await authorize(ctx, "operator", "metrics");
  const hours = Math.max(1 / 60, (range.to.getTime() - range.from.getTime()) / 3600_000);
  // From the rollups (lib/runs/rollups.ts): whole hours of the range as hourly counts, its
  // partial first and last hours from raw runs.
  const counts = windowStatusCounts({ from: sql`${range.from}::timestamptz`, to: sql`${range.to}::timestamptz` });
  const { rows } = await getDb().execute<{ slug: string; name: string; created: number; finished: number; failed: number }>(sql`
    SELECT p.slug, p.name, c.created, c.finished, c.failed
    FROM (
      SELECT project_id, sum(n)::int AS created,
        coalesce(sum(n) FILTER (WHERE status IN ${[...FINAL_STATUSES]}), 0)::int AS finished,
        coalesce(sum(n) FILTER (WHERE status = 'failed'), 0)::int AS failed
      FROM ${counts} w GROUP BY project_id HAVING sum(n) > 0
    ) c JOIN projects p ON p.id = c.project_id
    ORDER BY c.created DESC LIMIT 100`);
  return rows.map((r) => ({ ...r, perHour: r.created / hours, failureRate: r.finished ? r.failed / r.finished : null }));
}
