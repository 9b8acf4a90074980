import { and, eq } from "drizzle-orm";
import type { NextRequest } from "next/server";
import { GET } from "../app/api/v1/projects/[slug]/runs/route";
import { getDb } from "../lib/db/client";
import { runs } from "../lib/db/schema";
import { benchProjectSlug, generateRuns } from "../lib/demo/generate-runs";
import { encodeCursor, exactTimestamp, newestFirst } from "../lib/db/keyset";
import { findVisibleProject } from "../lib/projects/queries";
import { toRunDto } from "../lib/runs/dto";
import { listRunsForProject } from "../lib/runs/queries";
import type { RunListFilter } from "../lib/runs/schemas";
import { benchApiKey, envInt } from "./fixtures";
import { captureQueries } from "./plan";

// The runs list the HTTP benchmarks request: one project, first page of 50.

export const LIST_RUNS = envInt("BENCH_LIST_RUNS", 5_000);
const LIMIT = 50;
const NO_FILTER: RunListFilter = { status: undefined, fields: undefined };

export type RunsList = {
  key: string;
  path: string;
  /** The real route handler, as Next would call it for this path. */
  full: (request: NextRequest) => Promise<Response>;
  /** The same SQL and JSON, without auth, rate limit, validation, ETag or metrics. */
  bare: (request: NextRequest) => Promise<Response>;
  /** Empty when the bare handler sends exactly the statements listRunsForProject sends. */
  drift: string;
};

export async function setupRunsList(): Promise<RunsList> {
  await generateRuns(getDb(), { runs: LIST_RUNS, projects: 1 });
  const { key, ctx } = await benchApiKey(["runs:read"]);
  const slug = benchProjectSlug(1);
  const params = Promise.resolve({ slug });

  const bareList = async () => {
    const project = await findVisibleProject(getDb(), ctx, slug);
    const rows = await getDb()
      .select({ run: runs, at: exactTimestamp(runs.createdAt) })
      .from(runs)
      .where(and(eq(runs.projectId, project.id)))
      .orderBy(...newestFirst(runs.createdAt, runs.id))
      .limit(LIMIT + 1);
    const data = rows.slice(0, LIMIT);
    const last = data.at(-1);
    return { data: data.map((r) => toRunDto(r.run)), nextCursor: rows.length > LIMIT && last ? encodeCursor([last.at, last.run.id]) : null };
  };

  // A copied query can drift from the domain's: compare what each sends.
  const domain = await captureQueries(() => listRunsForProject(ctx, slug, NO_FILTER, { limit: LIMIT }));
  const copy = await captureQueries(bareList);
  const drift = domain.map((q) => q.text).join("\n") === copy.map((q) => q.text).join("\n") ? "" : "the bare handler's SQL differs from listRunsForProject's: update bench/runs-list.ts";

  return {
    key,
    path: `/api/v1/projects/${slug}/runs?limit=${LIMIT}`,
    full: (request) => GET(request, { params }),
    bare: async () => Response.json(await bareList()),
    drift,
  };
}
