import "server-only";
import { and, eq, ilike, isNotNull, isNull, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { projectBinding, type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { getDb, type DbOrTx } from "../db/client";
import { projects, type Project } from "../db/schema";
import { NotFoundError } from "../errors";
import { containsPattern, sortOf, exactTimestamp, sortedKeysets, sortQuery, textIdCursor, timeIdCursor, type Page, type PageRequest } from "../db/keyset";
import { toProjectDto, type ProjectDto } from "./dto";
import { PROJECT_SORTS, PROJECT_STATUSES, type ProjectSort } from "./schemas";

export const projectListQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(PROJECT_STATUSES).default("active"),
  ...sortQuery(PROJECT_SORTS, "created"),
});
/** Without `sort`, newest first (what every caller but the list pages wants). */
export type ProjectListQuery = Omit<z.output<typeof projectListQuerySchema>, "sort"> & { sort?: ProjectSort };

// Newest first by default (its cursors unchanged); by name with the id breaking ties. Both
// either way, from projects_created_idx / projects_name_idx (a backward scan for ascending).
const orders = sortedKeysets(
  {
    created: { columns: [[projects.createdAt, "timestamptz"], [projects.id, "uuid"]], shape: timeIdCursor },
    name: { columns: [[projects.name, "text"], [projects.id, "uuid"]], shape: textIdCursor },
  },
  { sort: "created", direction: "desc" },
);

/** Keyset page of projects (newest first unless `query.sort`/`order` say otherwise); a project-bound key sees only its project. */
export async function listProjects(ctx: AccessContext, query: ProjectListQuery, page: PageRequest): Promise<Page<ProjectDto>> {
  await authorize(ctx, "projects:read", "projects");
  const where: SQL[] = [];
  const bound = projectBinding(ctx.principal);
  if (bound) where.push(eq(projects.id, bound));
  if (query.status === "active") where.push(isNull(projects.archivedAt));
  if (query.status === "archived") where.push(isNotNull(projects.archivedAt));
  if (query.q) {
    const pattern = containsPattern(query.q);
    where.push(or(ilike(projects.name, pattern), ilike(projects.slug, pattern))!);
  }
  const sort = sortOf(PROJECT_SORTS, "created", query);
  const order = orders(sort.sort, sort.direction);
  const after = order.after(page.cursor);
  if (after) where.push(after);
  const rows = await getDb()
    .select({ project: projects, at: exactTimestamp(projects.createdAt) })
    .from(projects)
    .where(and(...where))
    .orderBy(...order.orderBy)
    .limit(page.limit + 1);
  return order.page(rows, page.limit, (r) => (sort.sort === "name" ? [r.project.name, r.project.id] : [r.at, r.project.id]), (r) => toProjectDto(r.project));
}

/** The project row if the caller may see it; 404 otherwise (also for a key bound elsewhere). */
export async function findVisibleProject(db: DbOrTx, ctx: AccessContext, slug: string): Promise<Project> {
  const [row] = await db.select().from(projects).where(eq(projects.slug, slug)).limit(1);
  const bound = projectBinding(ctx.principal);
  if (!row || (bound && row.id !== bound)) throw new NotFoundError(`Project ${slug}`);
  return row;
}

export async function getProject(ctx: AccessContext, slug: string): Promise<ProjectDto> {
  await authorize(ctx, "projects:read", `project:${slug}`);
  return toProjectDto(await findVisibleProject(getDb(), ctx, slug));
}
