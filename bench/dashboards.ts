import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { AccessContext } from "../lib/auth/principal";
import { flushAllCaches } from "../lib/cache/tags";
import { getDb } from "../lib/db/client";
import { benchProjectSlug, generateRuns } from "../lib/demo/generate-runs";
import { getOverviewStats } from "../lib/overview/stats";
import { getProject } from "../lib/projects/queries";
import { listProjectsWithRunSummary } from "../lib/projects/summaries";
import { foldRunRollups } from "../lib/runs/jobs";
import { listRunsForProject } from "../lib/runs/queries";
import { getProjectRunStats } from "../lib/runs/stats";
import { runThroughputByProject } from "../lib/runs/throughput";
import { createUser } from "../lib/users/create";
import { withBenchDatabase } from "./database";
import { envInt, fmt, medianMs } from "./fixtures";
import { captureQueries, explain } from "./plan";
import type { Bench } from "./registry";

// Do the dashboards stay flat as history grows? Cold server time (every cache flushed
// before each call) of the data functions behind / (overview), /projects, a project page
// (project, KPIs and the first page of runs, as the page loads them at once) and /metrics'
// run throughput, at each size in BENCH_DASHBOARD_RUNS (default 100,000 and 1,000,000
// runs, the generator's 30-day spread over BENCH_DASHBOARD_PROJECTS projects, default 1).
// The runs are generated cumulatively; the rollups are folded as the job would (the
// figures with deltas still pending are printed too). Goal: ≤ 100 ms each, and the
// largest/smallest size ratio ≤ 2 (the reported ratio is the worst dashboard's).

const SIZES = (process.env.BENCH_DASHBOARD_RUNS ?? "100000,1000000")
  .split(",")
  .map((s) => Number(s.trim().replace(/_/g, "")))
  .filter((n) => Number.isInteger(n) && n > 0)
  .sort((a, b) => a - b);
const PROJECTS = envInt("BENCH_DASHBOARD_PROJECTS", 1);
const SAMPLES = envInt("BENCH_DASHBOARD_SAMPLES", 25);

type Dashboard = { name: string; load: () => Promise<unknown> };

async function viewerOf(role: "operator"): Promise<AccessContext> {
  const user = await getDb().transaction((tx) => createUser(tx, { email: `bench-${randomUUID()}@example.test`, role, provider: "oidc" }, { type: "system", label: "bench" }));
  return { principal: { kind: "user", user: { id: user.id, email: user.email, name: user.name, role: user.role, sessionId: randomUUID() } }, meta: { requestId: null } };
}

/** Median of cold calls: the caches are flushed before each (outside the clock). */
async function coldMs(load: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES + 2; i++) {
    await flushAllCaches();
    const started = performance.now();
    await load();
    if (i >= 2) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]!;
}

async function foldAll(): Promise<number> {
  let total = 0;
  for (;;) {
    const folded = await foldRunRollups(50);
    total += folded;
    if (folded === 0) return total;
  }
}

export const dashboardsBench: Bench = {
  name: "dashboards",
  description: `cold overview, /projects, project page and throughput data functions at ${SIZES.map((n) => fmt(n)).join(", ")} runs (BENCH_DASHBOARD_RUNS) over ${PROJECTS} project(s)`,
  run: () =>
    withBenchDatabase(async () => {
      const db = getDb();
      const ctx = await viewerOf("operator");
      const slug = benchProjectSlug(1);
      const dashboards: Dashboard[] = [
        { name: "overview (/)", load: () => getOverviewStats(ctx) },
        { name: "/projects", load: () => listProjectsWithRunSummary(ctx, { status: "active" }, { limit: 20 }) },
        {
          name: "project page",
          load: () =>
            Promise.all([getProject(ctx, slug), getProjectRunStats(ctx, slug), listRunsForProject(ctx, slug, { status: undefined, fields: undefined }, { limit: 50 })]),
        },
        { name: "  of which KPIs", load: () => getProjectRunStats(ctx, slug) },
        { name: "throughput 24h", load: () => runThroughputByProject(ctx, { from: new Date(Date.now() - 24 * 3600_000), to: new Date() }) },
      ];

      /** Rows the dashboard's statements read (EXPLAIN ANALYZE of each, caches flushed): what should not grow with the runs. */
      const rowsRead = async (load: () => Promise<unknown>) => {
        await flushAllCaches();
        let total = 0;
        for (const q of await captureQueries(load)) if (/^\s*(select|with)/i.test(q.text)) total += (await explain(q)).rowsRead;
        return total;
      };
      const table: { size: number; pendingMs: number[]; ms: number[]; read: number[]; generatedS: number; deltas: number; rollupRows: number }[] = [];
      let have = 0;
      for (const size of SIZES) {
        const generated = await generateRuns(db, { runs: size - have, projects: PROJECTS });
        have = size;
        const { rows: pending } = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM run_rollup_deltas`);
        // Once with the generator's deltas still pending (readers add them), then folded.
        const pendingMs: number[] = [];
        for (const d of dashboards) pendingMs.push(await coldMs(d.load));
        await foldAll();
        await db.execute(sql`VACUUM ANALYZE run_rollup_deltas, run_rollups, run_rollup_totals, run_duration_rollups`);
        const { rows: rollupRows } = await db.execute<{ n: number }>(sql`SELECT (SELECT count(*) FROM run_rollups) + (SELECT count(*) FROM run_duration_rollups) AS n`);
        const ms: number[] = [];
        for (const d of dashboards) ms.push(await coldMs(d.load));
        const read: number[] = [];
        for (const d of dashboards) read.push(await rowsRead(d.load));
        table.push({ size, pendingMs, ms, read, generatedS: generated.ms / 1000, deltas: pending[0]!.n, rollupRows: Number(rollupRows[0]!.n) });
      }
      // Warm-path check that the cache still answers (not part of the table).
      await medianMs(5, () => getOverviewStats(ctx), { warmup: 1 });

      const col = (s: string, w = 16) => s.padStart(w);
      const lines = [
        `${"runs".padEnd(16)}${dashboards.map((d) => col(d.name)).join("")}   (cold ms, median of ${SAMPLES}; folded)`,
        ...table.map((t) => `${fmt(t.size).padEnd(16)}${t.ms.map((m) => col(fmt(m, 1))).join("")}`),
        `rows read by the statements (EXPLAIN ANALYZE), folded:`,
        ...table.map((t) => `${fmt(t.size).padEnd(16)}${t.read.map((m) => col(fmt(m))).join("")}`),
        `with the generator's deltas still pending (not yet folded):`,
        ...table.map((t) => `${fmt(t.size).padEnd(16)}${t.pendingMs.map((m) => col(fmt(m, 1))).join("")}   ${fmt(t.deltas)} pending delta rows`),
        ...table.map((t) => `${fmt(t.size)} runs: generated in ${fmt(t.generatedS, 1)} s; ${fmt(t.rollupRows)} folded rollup rows`),
      ];
      const first = table[0]!;
      const last = table.at(-1)!;
      const ratios = dashboards.map((_, i) => last.ms[i]! / first.ms[i]!);
      const ratio = Math.max(...ratios);
      const slowest = Math.max(...last.ms);
      lines.push(`${fmt(last.size)}/${fmt(first.size)} per dashboard: ${dashboards.map((d, i) => `${d.name.trim()} ${fmt(ratios[i]!, 2)}`).join(", ")} (the ratio below is the worst)`);
      lines.push(`slowest at ${fmt(last.size)}: ${fmt(slowest, 1)} ms`);
      return { lines, ratio, target: { text: `each ≤ 100 ms and ${fmt(last.size)}/${fmt(first.size)} ≤ 2`, met: ratio <= 2 && slowest <= 100 } };
    }),
};
