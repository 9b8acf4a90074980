import "server-only";
import { sql } from "drizzle-orm";
import { authorize } from "../auth/authorize";
import type { AccessContext } from "../auth/principal";
import { getDb } from "../db/client";
import { FINAL_STATUSES } from "./state-machine";

// Run throughput and failure rate per project over a time range (by creation time), for /metrics.

export type ProjectThroughput = { slug: string; name: string; created: number; finished: number; failed: number; perHour: number; failureRate: number | null };

export async function runThroughputByProject(ctx: AccessContext, range: { from: Date; to: Date }): Promise<ProjectThroughput[]> {
  await authorize(ctx, "operator", "metrics");
  const hours = Math.max(1 / 60, (range.to.getTime() - range.from.getTime()) / 3600_000);
  const { rows } = await getDb().execute<{ slug: string; name: string; created: number; finished: number; failed: number }>(sql`
    SELECT p.slug, p.name, count(*)::int AS created,
      count(*) FILTER (WHERE r.status IN ${[...FINAL_STATUSES]})::int AS finished,
      count(*) FILTER (WHERE r.status = 'failed')::int AS failed
    FROM runs r JOIN projects p ON p.id = r.project_id
    WHERE r.created_at >= ${range.from} AND r.created_at < ${range.to}
    GROUP BY p.slug, p.name ORDER BY created DESC LIMIT 100`);
  return rows.map((r) => ({ ...r, perHour: r.created / hours, failureRate: r.finished ? r.failed / r.finished : null }));
}
