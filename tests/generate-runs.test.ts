import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { runStatusEnum } from "@/lib/db/schema";
import { generateRuns, type GenerateRunsResult } from "@/lib/demo/generate-runs";

const NOW = new Date("2026-03-02T12:00:00Z");

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return (await getDb().execute(query)).rows as T[];
}

describe("generateRuns (npm run cli -- generate)", () => {
  let result: GenerateRunsResult;
  const progress: number[] = [];

  beforeAll(async () => {
    result = await generateRuns(getDb(), { runs: 20_000, projects: 3, now: NOW, chunkSize: 7_000, onProgress: (done) => progress.push(done) });
  }, 60_000);

  it("writes the requested runs into projects bench-01…bench-03, and the counts add up", async () => {
    expect(result).toMatchObject({ projects: 3, runs: 20_000 });
    const perProject = await rows<{ slug: string; n: number }>(sql`
      SELECT p.slug, count(r.id)::int AS n FROM projects p LEFT JOIN runs r ON r.project_id = p.id
      GROUP BY p.slug ORDER BY p.slug`);
    expect(perProject.map((r) => r.slug)).toEqual(["bench-01", "bench-02", "bench-03"]);
    expect(perProject.reduce((n, r) => n + r.n, 0)).toBe(20_000);
    for (const { n } of perProject) expect(n).toBeGreaterThan(6_000);
  });

  it("reports progress per chunk, ending at the total", () => {
    expect(progress).toHaveLength(3);
    expect(progress.at(-1)).toBe(20_000);
  });

  it("produces every status, with the mix an operations team would see", async () => {
    const counts = Object.fromEntries(
      (await rows<{ status: string; n: number }>(sql`SELECT status::text, count(*)::int AS n FROM runs GROUP BY status`)).map((r) => [r.status, r.n]),
    );
    expect(Object.keys(counts).sort()).toEqual([...runStatusEnum.enumValues].sort());
    expect(counts.succeeded!).toBeGreaterThan(counts.failed!);
    expect(counts.failed!).toBeGreaterThan(counts.queued!);
  });

  it("keeps timestamps consistent: created ≤ started ≤ finished, over the 30 days before now", async () => {
    const [bad] = await rows<Record<string, number>>(sql`
      SELECT
        count(*) FILTER (WHERE started_at < created_at)::int AS started_before_created,
        count(*) FILTER (WHERE finished_at < coalesce(started_at, created_at))::int AS finished_too_early,
        count(*) FILTER (WHERE created_at < ${NOW.toISOString()}::timestamptz - interval '30 days'
                            OR coalesce(finished_at, started_at, created_at) > ${NOW.toISOString()}::timestamptz)::int AS outside_window,
        count(*) FILTER (WHERE updated_at <> coalesce(finished_at, started_at, created_at))::int AS updated_mismatch,
        count(*) FILTER (WHERE cancel_requested_at IS NOT NULL AND status <> 'cancelled')::int AS stray_cancel_requests
      FROM runs`);
    expect(bad).toEqual({ started_before_created: 0, finished_too_early: 0, outside_window: 0, updated_mismatch: 0, stray_cancel_requests: 0 });
  });

  it("sets start and finish according to status", async () => {
    const shapes = await rows<{ status: string; started: boolean; finished: boolean }>(sql`
      SELECT DISTINCT status::text, started_at IS NOT NULL AS started, finished_at IS NOT NULL AS finished FROM runs ORDER BY 1, 2, 3`);
    expect(shapes).toEqual([
      { status: "cancelled", started: false, finished: true },
      { status: "cancelled", started: true, finished: true },
      { status: "failed", started: true, finished: true },
      { status: "queued", started: false, finished: false },
      { status: "running", started: true, finished: false },
      { status: "succeeded", started: true, finished: true },
    ]);
  });

  it("puts live runs in the last hour and spreads the rest over the month", async () => {
    const [live] = await rows<{ oldest: Date }>(sql`SELECT min(created_at) AS oldest FROM runs WHERE status IN ('queued', 'running')`);
    expect(NOW.getTime() - new Date(live!.oldest).getTime()).toBeLessThan(3_600_000);
    const days = await rows<{ day: number }>(sql`
      SELECT DISTINCT floor(extract(epoch FROM ${NOW.toISOString()}::timestamptz - created_at) / 86400)::int AS day FROM runs`);
    expect(days.length).toBeGreaterThanOrEqual(30);
    expect(Math.max(...days.map((d) => d.day))).toBeLessThan(30);
  });

  it("gives succeeded runs realistic durations (seconds to an hour, minutes typical)", async () => {
    const [d] = await rows<{ min: number; median: number; max: number }>(sql`
      SELECT min(s)::float8 AS min, percentile_cont(0.5) WITHIN GROUP (ORDER BY s)::float8 AS median, max(s)::float8 AS max
      FROM (SELECT extract(epoch FROM finished_at - started_at) AS s FROM runs WHERE status = 'succeeded') t`);
    expect(d!.min).toBeGreaterThanOrEqual(10);
    expect(d!.max).toBeLessThanOrEqual(3_300);
    expect(d!.median).toBeGreaterThan(120);
    expect(d!.median).toBeLessThan(600);
  });

  it("adds to existing bench projects on a second call instead of duplicating them", async () => {
    await generateRuns(getDb(), { runs: 1_000, projects: 2, now: NOW });
    const [totals] = await rows<{ projects: number; runs: number }>(sql`
      SELECT (SELECT count(*)::int FROM projects) AS projects, (SELECT count(*)::int FROM runs) AS runs`);
    expect(totals).toEqual({ projects: 3, runs: 21_000 });
  });
});
