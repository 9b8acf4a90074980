import { eq, sql } from "drizzle-orm";
import { getDb } from "../lib/db/client";
import { projects, runs } from "../lib/db/schema";
import { benchProjectSlug, generateRuns } from "../lib/demo/generate-runs";
import { encodeCursor, exactTimestamp, newestFirst } from "../lib/db/keyset";
import { listRunsForProject } from "../lib/runs/queries";
import type { RunListFilter } from "../lib/runs/schemas";
import { withBenchDatabase } from "./database";
import { benchApiKey, envInt, fmt, medianMs } from "./fixtures";
import { captureQueries, explain, type PlanSummary } from "./plan";
import type { Bench } from "./registry";

const RUNS = envInt("BENCH_RUNS", 1_000_000);
const DEPTH = Math.max(1, Math.floor(RUNS / 2));
const LIMIT = 50;
const SAMPLES = 30;
const NO_FILTER: RunListFilter = { status: undefined, fields: undefined };

const describePlan = (p: PlanSummary) => `${p.shape}; ${fmt(p.rowsRead)} rows read`;

// Keyset pagination should cost the same at any depth: the (project_id, created_at, id)
// index is entered at the cursor. OFFSET has to walk past every skipped row.
export const deepPageBench: Bench = {
  name: "deep-page",
  description: `${fmt(RUNS)} runs in one project: listRunsForProject page 1 vs the page after row ${fmt(DEPTH)} (limit ${LIMIT}); OFFSET as baseline`,
  run: () =>
    withBenchDatabase(async () => {
      const db = getDb();
      const generated = await generateRuns(db, { runs: RUNS, projects: 1 });
      const { ctx } = await benchApiKey(["runs:read"]);
      const slug = benchProjectSlug(1);
      const [project] = await db.select({ id: projects.id }).from(projects).where(eq(projects.slug, slug));

      // The cursor listRunsForProject would hand out for the row at DEPTH, in one query.
      const [at] = await db
        .select({ at: exactTimestamp(runs.createdAt), id: runs.id })
        .from(runs)
        .where(eq(runs.projectId, project!.id))
        .orderBy(...newestFirst(runs.createdAt, runs.id))
        .offset(DEPTH - 1)
        .limit(1);
      const cursor = encodeCursor([at!.at, at!.id]);
      const page = (c?: string) => listRunsForProject(ctx, slug, NO_FILTER, { limit: LIMIT, cursor: c });
      const offsetPage = () =>
        db.execute<{ id: string }>(sql`SELECT * FROM runs WHERE project_id = ${project!.id} ORDER BY created_at DESC NULLS LAST, id DESC NULLS LAST OFFSET ${DEPTH} LIMIT ${LIMIT}`);

      const [deepRows, offsetRows] = await Promise.all([page(cursor), offsetPage()]);
      const same = deepRows.data.map((r) => r.id).join() === offsetRows.rows.map((r) => r.id).join();
      if (!same) throw new Error(`the keyset page after row ${DEPTH} differs from OFFSET ${DEPTH}`);

      const first = await medianMs(SAMPLES, () => page());
      const deep = await medianMs(SAMPLES, () => page(cursor));
      const offset = await medianMs(SAMPLES, offsetPage, { warmup: 1 });
      const firstPlan = await explain((await captureQueries(() => page())).at(-1)!);
      const deepPlan = await explain((await captureQueries(() => page(cursor))).at(-1)!);

      const ratio = deep.ms / first.ms;
      const lines = [
        `generated ${fmt(generated.runs)} runs in ${fmt(generated.ms / 1000, 1)} s`,
        `keyset page 1: ${fmt(first.ms, 2)} ms (median of ${first.samples})`,
        `keyset page after row ${fmt(DEPTH)}: ${fmt(deep.ms, 2)} ms (median of ${deep.samples}; same rows as OFFSET)`,
        `OFFSET ${fmt(DEPTH)} LIMIT ${LIMIT}: ${fmt(offset.ms, 2)} ms (median of ${offset.samples})`,
        `offset-deep/keyset-deep: ${fmt(offset.ms / deep.ms, 1)}`,
        `plan, page 1: ${describePlan(firstPlan)}`,
        `plan, deep page: ${describePlan(deepPlan)}`,
      ];
      if (firstPlan.sorts || deepPlan.sorts) {
        lines.push("WARNING: the keyset query sorts instead of reading the index in order, so every page costs O(rows in project)");
      }
      // A sorting plan can meet the ratio by being equally slow at every depth: not a pass.
      const indexed = !firstPlan.sorts && !deepPlan.sorts;
      return { lines, ratio, target: { text: "deep/first ≤ 1.5, both pages read from the index", met: ratio <= 1.5 && indexed } };
    }),
};
