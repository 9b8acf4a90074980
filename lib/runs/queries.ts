import "server-only";
import { and, eq, gte, ilike, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { projectBinding, type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { getDb, getPool, type DbOrTx } from "../db/client";
import { projects, runs, type Project, type Run } from "../db/schema";
import { NotFoundError } from "../errors";
import { containsPattern, exactTimestamp, sortedKeysets, sortOf, textIdCursor, timeIdCursor, type Page, type PageRequest } from "../db/keyset";
import { pickFields, toRunDto, type RunDetailDto, type RunDto } from "./dto";
import { RUN_SORTS, type RunListFilter } from "./schemas";

// Newest first by default (its cursors unchanged), or by name with the id breaking ties; each
// either way. After `project_id =`, runs_project_created_idx / runs_project_name_idx give the
// order (read backwards for ascending), so a page costs the same at any depth.
const orders = sortedKeysets(
  {
    created: { columns: [[runs.createdAt, "timestamptz"], [runs.id, "uuid"]], shape: timeIdCursor },
    name: { columns: [[runs.name, "text"], [runs.id, "uuid"]], shape: textIdCursor },
  },
  { sort: "created", direction: "desc" },
);

type ProjectRow = { id: string; slug: string; name: string; description: string; archived_at: Date | null; runs_revision: string; created_at: Date; updated_at: Date };

const projectFromRow = (r: ProjectRow): Project => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  description: r.description,
  archivedAt: r.archived_at,
  runsRevision: Number(r.runs_revision),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** A project as the runs list sees it: with the version its validator is made of. */
export type RunsProject = Project & { runsVersion: number };

/**
 * The project whose runs the caller may list (authorized and visible), and its runs version:
 * runs_revision plus the project's pending run_changes rows, read in one statement so a
 * concurrent fold (drizzle/0004) cannot be seen half done. Every committed write of the
 * project's runs raises it; nothing lowers it.
 */
export async function resolveRunsProject(ctx: AccessContext, slug: string): Promise<RunsProject> {
  await authorize(ctx, "runs:read", `project:${slug}`);
  // Every revalidation runs this before it can answer 304: a named prepared statement,
  // planned once per connection, like the API key lookup (the query builder's cost is a
  // visible share of a 304).
  const { rows } = await getPool().query<ProjectRow & { pending: string }>({
    name: "opsdeck_runs_project_by_slug",
    text: `SELECT p.id, p.slug, p.name, p.description, p.archived_at, p.runs_revision, p.created_at, p.updated_at,
             (SELECT count(*) FROM run_changes c WHERE c.project_id = p.id) AS pending
           FROM projects p WHERE p.slug = $1 LIMIT 1`,
    values: [slug],
  });
  const found = rows[0];
  const row = found && { project: projectFromRow(found), pending: Number(found.pending) };
  const bound = projectBinding(ctx.principal);
  if (!row || (bound && row.project.id !== bound)) throw new NotFoundError(`Project ${slug}`);
  return { ...row.project, runsVersion: row.project.runsRevision + row.pending };
}

/**
 * What the runs list's validator is made of, known before the list query: the project's
 * runs version and the exact query (filters, fields, limit, cursor). Equal versions mean an
 * identical answer.
 */
export function runsListVersion(project: RunsProject, search: string): string {
  return `runs:${project.id}:${project.runsVersion}:${search}`;
}

/**
 * Keyset page of a project's runs, newest first unless `filter.sort`/`order` say otherwise. The (project_id, created_at, id) index
 * (or the status variant) serves any depth at the cost of the first page. A caller that
 * already resolved the project (resolveRunsProject) passes it to skip the second lookup.
 */
export async function listRunsForProject(
  ctx: AccessContext,
  slug: string,
  filter: RunListFilter,
  page: PageRequest,
  resolved?: Project,
): Promise<Page<Partial<RunDto>>> {
  const project = resolved ?? (await resolveRunsProject(ctx, slug));
  const where: SQL[] = [eq(runs.projectId, project.id)];
  if (filter.status?.length) where.push(inArray(runs.status, filter.status));
  if (filter.since) where.push(gte(runs.createdAt, new Date(filter.since)));
  if (filter.until) where.push(lt(runs.createdAt, new Date(filter.until)));
  if (filter.q) where.push(or(ilike(runs.name, containsPattern(filter.q)), eq(runs.externalId, filter.q))!);
  const sort = sortOf(RUN_SORTS, "created", filter);
  const order = orders(sort.sort, sort.direction);
  const after = order.after(page.cursor);
  if (after) where.push(after);
  const rows = await getDb()
    .select({ run: runs, at: exactTimestamp(runs.createdAt) })
    .from(runs)
    .where(and(...where))
    .orderBy(...order.orderBy)
    .limit(page.limit + 1);
  return order.page(rows, page.limit, (r) => (sort.sort === "name" ? [r.run.name, r.run.id] : [r.at, r.run.id]), (r) => pickFields(toRunDto(r.run), filter.fields));
}

/** The run if the caller may see it (a project-bound key only sees its project's runs). */
export async function findVisibleRun(db: DbOrTx, ctx: AccessContext, id: string): Promise<Run & { projectSlug: string }> {
  const [row] = await db
    .select({ run: runs, projectSlug: projects.slug })
    .from(runs)
    .innerJoin(projects, eq(projects.id, runs.projectId))
    .where(eq(runs.id, id))
    .limit(1);
  const bound = projectBinding(ctx.principal);
  if (!row || (bound && row.run.projectId !== bound)) throw new NotFoundError("Run");
  return { ...row.run, projectSlug: row.projectSlug };
}

export async function getRun(ctx: AccessContext, id: string): Promise<RunDetailDto> {
  await authorize(ctx, "runs:read", `run:${id}`);
  const run = await findVisibleRun(getDb(), ctx, id);
  return { ...toRunDto(run), projectSlug: run.projectSlug };
}

/** The retry chain a run belongs to: its ancestors (oldest first) and the retries made of it. */
export async function getRetryChain(ctx: AccessContext, id: string): Promise<{ ancestors: RunDto[]; retries: RunDto[] }> {
  await authorize(ctx, "runs:read", `run:${id}`);
  const run = await findVisibleRun(getDb(), ctx, id);
  const ancestors = await getDb().execute<{ id: string }>(sql`
    WITH RECURSIVE chain AS (
      SELECT id, retry_of, 1 AS depth FROM runs WHERE id = ${run.retryOf}
      UNION ALL
      SELECT r.id, r.retry_of, c.depth + 1 FROM runs r JOIN chain c ON r.id = c.retry_of WHERE c.depth < 50
    ) SELECT id FROM chain ORDER BY depth DESC`);
  const ids = ancestors.rows.map((r) => r.id);
  const [before, after] = await Promise.all([
    ids.length ? getDb().select().from(runs).where(inArray(runs.id, ids)) : Promise.resolve([] as Run[]),
    getDb().select().from(runs).where(eq(runs.retryOf, run.id)).orderBy(runs.createdAt),
  ]);
  const byId = new Map(before.map((r) => [r.id, r]));
  return { ancestors: ids.map((i) => byId.get(i)).filter((r): r is Run => !!r).map(toRunDto), retries: after.map(toRunDto) };
}
