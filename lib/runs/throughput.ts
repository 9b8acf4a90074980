import "server-only";
import { sql } from "drizzle-orm";
import { authorize } from "../auth/authorize";
import type { AccessContext } from "../auth/principal";
import { getDb } from "../db/client";
import { windowStatusCounts } from "./rollups";
import { FINAL_STATUSES } from "./state-machine";

// Run throughput and failure rate per project over a time range (by creation time), for /metrics.

export type ProjectThroughput = { slug: string; name: string; created: number; finished: number; failed: number; perHour: number; failureRate: number | null };

/**
 * The range as the table counts it, in whole hours (UTC), so it reads only hourly rollups
 * however many runs an hour holds: from the start of the hour `from` falls in, to the end of
 * the hour `to` falls in — or open-ended when `to` is now (a live range: no run is created
 * in the future, so the current hour's rollup is exactly "until now").
 */
export function throughputWindow(range: { from: Date; to: Date }, now = Date.now()): { from: Date; to: Date | null } {
  const HOUR = 3600_000;
  const from = new Date(Math.floor(range.from.getTime() / HOUR) * HOUR);
  if (range.to.getTime() >= now - 60_000) return { from, to: null };
  return { from, to: new Date(Math.max(from.getTime() + HOUR, Math.ceil(range.to.getTime() / HOUR) * HOUR)) };
}

export async function runThroughputByProject(ctx: AccessContext, range: { from: Date; to: Date }): Promise<ProjectThroughput[]> {
  await authorize(ctx, "operator", "metrics");
  const now = Date.now();
  const window = throughputWindow(range, now);
  const hours = Math.max(1 / 60, ((window.to?.getTime() ?? now) - window.from.getTime()) / 3600_000);
  const counts = windowStatusCounts({ from: sql`${window.from}::timestamptz`, to: window.to ? sql`${window.to}::timestamptz` : undefined });
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
