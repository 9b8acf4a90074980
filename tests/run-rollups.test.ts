import { sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import type { RunStatus } from "@/lib/db/schema";
import { ConflictError } from "@/lib/errors";
import { getOverviewStats } from "@/lib/overview/stats";
import { updateProject } from "@/lib/projects/mutations";
import { cancelRun } from "@/lib/runs/cancel";
import { createRun, createRunsBatch } from "@/lib/runs/create";
import { foldRunRollups } from "@/lib/runs/jobs";
import { lastHoursFrom, quantileFromDurationBins, windowDurationBins, windowStatusCounts } from "@/lib/runs/rollups";
import { retryRun } from "@/lib/runs/retry";
import { runThroughputByProject, throughputWindow } from "@/lib/runs/throughput";
import { patchRun } from "@/lib/runs/update";
import type { AccessContext } from "@/lib/auth/principal";
import { makeKey, makeProject, type TestKey } from "./support/api";
import { userAccess } from "./support/users";

// The dashboards' rollups (drizzle/0009) against a recount of the raw runs. Random
// sequences of creates, batch creates, state moves, cancels, retries, archives and
// unarchives go through the real domain functions (refusals included: a rolled-back write
// must leave no delta), with some runs moved hours back in time (behind the domain's back,
// as an import would) so they land in other hour buckets. After every sequence each rollup
// — hourly counts by status, all-time totals, the duration histogram — equals the recount,
// both with deltas still pending and after the fold; the readers' windows (any instants,
// not on hour boundaries) equal a count of the raw rows.

let admin: TestKey;
let operator: AccessContext;
beforeAll(async () => {
  admin = await makeKey();
  operator = await userAccess("admin");
});

const STATUSES: RunStatus[] = ["queued", "running", "succeeded", "failed", "cancelled"];

type Op =
  | { kind: "create"; status: "queued" | "running" }
  | { kind: "batch"; statuses: ("queued" | "running")[] }
  | { kind: "move"; pick: number; to: RunStatus }
  | { kind: "cancel"; pick: number }
  | { kind: "retry"; pick: number }
  | { kind: "archive"; archived: boolean }
  /** Moves a run (and its start, keeping its duration) to `minutes` past the hour `hours` before the current one. */
  | { kind: "age"; pick: number; hours: number; minutes: number }
  | { kind: "fold" };

const live = fc.constantFrom<"queued" | "running">("queued", "running");
const pick = fc.nat({ max: 1000 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("create" as const), status: live }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("batch" as const), statuses: fc.array(live, { minLength: 1, maxLength: 6 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("move" as const), pick, to: fc.constantFrom(...STATUSES) }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant("cancel" as const), pick }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("retry" as const), pick }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("archive" as const), archived: fc.boolean() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("age" as const), pick, hours: fc.integer({ min: 0, max: 6 }), minutes: fc.integer({ min: 0, max: 59 }) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("fold" as const) }), weight: 1 },
);

/**
 * A window on the same grid as aged runs: it starts `minutes` past the hour `hours` before
 * the current one and lasts `length` minutes (open-ended when null), so its partial hours
 * hold runs on either side of its ends whatever the wall clock says.
 */
type WindowSpec = { hours: number; minutes: number; length: number | null };
const windowArb: fc.Arbitrary<WindowSpec> = fc.record({
  hours: fc.integer({ min: 0, max: 7 }),
  minutes: fc.integer({ min: 0, max: 59 }),
  length: fc.option(fc.integer({ min: 1, max: 600 }), { nil: null }),
});

/** Runs a domain write; a refusal (409, a finished run's move…) is part of the sequence. */
async function attempt(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
  }
}

async function apply(slug: string, ids: string[], o: Op): Promise<void> {
  const chosen = () => ids[("pick" in o ? o.pick : 0) % ids.length]!;
  switch (o.kind) {
    case "create":
      return attempt(async () => ids.push((await createRun(admin.access, slug, { name: "p", status: o.status })).id));
    case "batch":
      return attempt(async () => ids.push(...(await createRunsBatch(admin.access, slug, { runs: o.statuses.map((status) => ({ name: "b", status })) })).map((r) => r.id)));
    case "move":
      if (ids.length) await attempt(() => patchRun(admin.access, chosen(), { status: o.to }));
      return;
    case "cancel":
      if (ids.length) await attempt(() => cancelRun(admin.access, chosen()));
      return;
    case "retry":
      if (ids.length) await attempt(async () => ids.push((await retryRun(admin.access, chosen())).id));
      return;
    case "archive":
      await updateProject(admin.access, slug, { archived: o.archived });
      return;
    case "age":
      if (ids.length) {
        const at = sql`date_trunc('hour', now(), 'UTC') - make_interval(hours => ${o.hours}) + make_interval(mins => ${o.minutes})`;
        await getDb().execute(sql`UPDATE runs SET started_at = started_at + (${at} - created_at), created_at = ${at} WHERE id = ${chosen()}`);
      }
      return;
    case "fold":
      await foldRunRollups();
      return;
  }
}

type Row = Record<string, string | number | null>;
const rows = async (query: ReturnType<typeof sql>) => (await getDb().execute<Row>(query)).rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])));

/** Every rollup of the project, folded rows plus pending deltas, against a recount of its runs. */
async function expectRollupsMatchRecount(projectId: string): Promise<void> {
  const bucket = sql`to_char(bucket AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')`;
  const rawBucket = sql`to_char(date_trunc('hour', created_at, 'UTC') AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')`;
  const hourly = await rows(sql`
    SELECT ${bucket} AS bucket, status, sum(n)::bigint AS n FROM (
      SELECT bucket, status, n FROM run_rollups WHERE project_id = ${projectId}
      UNION ALL SELECT bucket, status, n FROM run_rollup_deltas WHERE project_id = ${projectId}
    ) x GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2`);
  const hourlyRecount = await rows(sql`
    SELECT ${rawBucket} AS bucket, status, count(*)::bigint AS n FROM runs WHERE project_id = ${projectId} GROUP BY 1, 2 ORDER BY 1, 2`);
  expect(hourly).toEqual(hourlyRecount);

  const totals = await rows(sql`
    SELECT status, sum(n)::bigint AS n FROM (
      SELECT status, n FROM run_rollup_totals WHERE project_id = ${projectId}
      UNION ALL SELECT status, n FROM run_rollup_deltas WHERE project_id = ${projectId}
    ) x GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 1`);
  expect(totals).toEqual(await rows(sql`SELECT status, count(*)::bigint AS n FROM runs WHERE project_id = ${projectId} GROUP BY 1 ORDER BY 1`));

  const durations = await rows(sql`
    SELECT ${bucket} AS bucket, bin, sum(n)::bigint AS n FROM (
      SELECT bucket, bin, n FROM run_duration_rollups WHERE project_id = ${projectId}
      UNION ALL SELECT bucket, duration_bin, n FROM run_rollup_deltas WHERE project_id = ${projectId} AND duration_bin IS NOT NULL
    ) x GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2`);
  const durationRecount = await rows(sql`
    SELECT ${rawBucket} AS bucket, run_duration_bin(started_at, finished_at) AS bin, count(*)::bigint AS n FROM runs
    WHERE project_id = ${projectId} AND started_at IS NOT NULL AND finished_at IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`);
  expect(durations).toEqual(durationRecount);
}

/** The readers' window over [from, to) (instants anywhere in an hour) against raw runs. */
async function expectWindowMatchesRaw(projectId: string, spec: WindowSpec): Promise<void> {
  const from = sql`date_trunc('hour', now(), 'UTC') - make_interval(hours => ${spec.hours}) + make_interval(mins => ${spec.minutes})`;
  const to = spec.length === null ? undefined : sql`${from} + make_interval(mins => ${spec.length})`;
  const window = { from, to, projectIds: [projectId] };
  const upper = to ? sql`AND created_at < ${to}` : sql``;
  // now() is the transaction's: both sides read one instant and one snapshot.
  await getDb().transaction(async (tx) => {
    const counts = await tx.execute<Row>(sql`SELECT status, sum(n)::bigint AS n FROM ${windowStatusCounts(window)} w GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 1`);
    const raw = await tx.execute<Row>(sql`SELECT status, count(*)::bigint AS n FROM runs WHERE project_id = ${projectId} AND created_at >= ${from} ${upper} GROUP BY 1 ORDER BY 1`);
    expect(counts.rows).toEqual(raw.rows);
    const bins = await tx.execute<Row>(sql`SELECT bin, sum(n)::bigint AS n FROM ${windowDurationBins(window)} w GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 1`);
    const rawBins = await tx.execute<Row>(sql`
      SELECT run_duration_bin(started_at, finished_at) AS bin, count(*)::bigint AS n FROM runs
      WHERE project_id = ${projectId} AND started_at IS NOT NULL AND finished_at IS NOT NULL AND created_at >= ${from} ${upper} GROUP BY 1 ORDER BY 1`);
    expect(bins.rows).toEqual(rawBins.rows);
  });
}

describe("run rollups (drizzle/0009)", () => {
  it("equal a recount of the raw runs after random writes through the domain, before and after folding", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), fc.array(windowArb, { minLength: 8, maxLength: 8 }), async (ops, windows) => {
        const project = await makeProject(admin);
        const ids: string[] = [];
        for (const o of ops) await apply(project.slug, ids, o);

        await expectRollupsMatchRecount(project.id);
        for (const w of windows) await expectWindowMatchesRaw(project.id, w);
        await foldRunRollups(1_000);
        const pending = await getDb().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM run_rollup_deltas WHERE project_id = ${project.id}`);
        expect(pending.rows[0]!.n).toBe(0);
        await expectRollupsMatchRecount(project.id);
        for (const w of windows) await expectWindowMatchesRaw(project.id, w);
      }),
      { numRuns: 25 },
    );
  }, 180_000);

  it("counts each end's partial hour from either side: raw runs inside, or the hour's rollup less the runs outside", async () => {
    const project = await makeProject(admin);
    const ids: string[] = [];
    await apply(project.slug, ids, { kind: "batch", statuses: ["queued", "running", "queued", "running", "queued", "running", "queued", "running"] });
    await apply(project.slug, ids, { kind: "move", pick: 1, to: "succeeded" });
    // Two runs on each side of minute 10, 30 and 50 of the hours three and two before this one.
    const minutes = [5, 20, 40, 55];
    for (let i = 0; i < 8; i++) await apply(project.slug, ids, { kind: "age", pick: i, hours: i < 4 ? 3 : 2, minutes: minutes[i % 4]! });
    const specs: WindowSpec[] = [];
    for (const start of [10, 50]) for (const length of [65, 95, 40, 5]) specs.push({ hours: 3, minutes: start, length });
    specs.push({ hours: 3, minutes: 10, length: null }, { hours: 3, minutes: 50, length: null });
    for (const spec of specs) await expectWindowMatchesRaw(project.id, spec);
    await foldRunRollups();
    for (const spec of specs) await expectWindowMatchesRaw(project.id, spec);
  });

  it("give the overview and throughput the same numbers as counting the runs", async () => {
    const project = await makeProject(admin);
    const ids: string[] = [];
    for (const o of [{ kind: "batch", statuses: ["queued", "running", "running"] }, { kind: "move", pick: 1, to: "failed" }, { kind: "age", pick: 2, hours: 30, minutes: 7 }, { kind: "move", pick: 0, to: "cancelled" }, { kind: "age", pick: 0, hours: 24, minutes: 50 }] as Op[]) {
      await apply(project.slug, ids, o);
    }
    const check = async () => {
      const overview = await getOverviewStats(operator);
      // "The last 24 hours" is hourly: the current hour and the 23 before it.
      const raw = await rows(sql`SELECT count(*) AS total, count(*) FILTER (WHERE created_at >= ${lastHoursFrom(24)}) AS recent FROM runs`);
      expect(String(overview.runs.total)).toBe(raw[0]!.total);
      expect(String(overview.last24h.total)).toBe(raw[0]!.recent);
      const byStatus = await rows(sql`SELECT status, count(*) AS n FROM runs WHERE created_at >= ${lastHoursFrom(24)} GROUP BY 1`);
      for (const s of STATUSES) expect(overview.last24h.byStatus[s]).toBe(Number(byStatus.find((r) => r.status === s)?.n ?? 0));
      // The ten newest failures, shown in the order of the card's Finished column.
      const failed = await rows(sql`SELECT id FROM (SELECT id, finished_at, created_at FROM runs WHERE status = 'failed' ORDER BY created_at DESC, id DESC LIMIT 10) f ORDER BY date_trunc('milliseconds', finished_at) DESC NULLS LAST, created_at DESC, id DESC`);
      expect(overview.recentFailures.map((f) => f.id)).toEqual(failed.map((f) => f.id));
      expect(overview.recentFailures.find((f) => f.id === ids[1])).toMatchObject({ projectSlug: project.slug, finishedAt: expect.stringMatching(/Z$/) });

      const range = { from: new Date(Date.now() - 31 * 3600_000 - 17 * 60_000), to: new Date(Date.now() - 23 * 60_000) };
      // Counted in whole hours: from the hour the range starts in to the end of the hour it ends in.
      for (const r of [range, { from: range.from, to: new Date() }]) {
        const throughput = (await runThroughputByProject(operator, r)).find((t) => t.slug === project.slug);
        const hours = throughputWindow(r);
        const rawRange = await rows(sql`
          SELECT count(*) AS created, count(*) FILTER (WHERE status IN ('succeeded', 'failed', 'cancelled')) AS finished, count(*) FILTER (WHERE status = 'failed') AS failed
          FROM runs WHERE project_id = ${project.id} AND created_at >= ${hours.from} AND (${hours.to}::timestamptz IS NULL OR created_at < ${hours.to})`);
        expect(throughput).toMatchObject({ created: Number(rawRange[0]!.created), finished: Number(rawRange[0]!.finished), failed: Number(rawRange[0]!.failed) });
      }
    };
    await check();
    await foldRunRollups();
    await check();
  });

  it("counts throughput in whole hours: a live range is open-ended, a past one ends at the end of its last hour", () => {
    const at = (iso: string) => new Date(iso);
    const now = at("2026-12-02T14:20:00Z").getTime();
    expect(throughputWindow({ from: at("2026-12-01T14:20:00Z"), to: at("2026-12-02T14:20:00Z") }, now)).toEqual({ from: at("2026-12-01T14:00:00Z"), to: null });
    expect(throughputWindow({ from: at("2026-12-01T09:05:00Z"), to: at("2026-12-01T11:40:00Z") }, now)).toEqual({ from: at("2026-12-01T09:00:00Z"), to: at("2026-12-01T12:00:00Z") });
    expect(throughputWindow({ from: at("2026-12-01T09:00:00Z"), to: at("2026-12-01T10:00:00Z") }, now)).toEqual({ from: at("2026-12-01T09:00:00Z"), to: at("2026-12-01T10:00:00Z") });
    expect(throughputWindow({ from: at("2026-12-01T09:10:00Z"), to: at("2026-12-01T09:20:00Z") }, now)).toEqual({ from: at("2026-12-01T09:00:00Z"), to: at("2026-12-01T10:00:00Z") });
  });

  it("takes a quantile from duration bins within one bin of the exact value", () => {
    // 1…1000 s: percentile_cont gives 500.5 s (p50) and 950.05 s (p95).
    const bins = new Map<number, number>();
    for (let s = 1; s <= 1000; s++) {
      const bin = Math.floor(16 * Math.log2(s * 1000));
      bins.set(bin, (bins.get(bin) ?? 0) + 1);
    }
    const histogram = [...bins].map(([bin, n]) => ({ bin, n }));
    expect(quantileFromDurationBins(histogram, 0.5)! / 500_500).toBeCloseTo(1, 1);
    expect(Math.abs(quantileFromDurationBins(histogram, 0.95)! / 950_050 - 1)).toBeLessThan(2 ** (1 / 16) - 1);
    expect(quantileFromDurationBins([], 0.5)).toBeNull();
  });
});
