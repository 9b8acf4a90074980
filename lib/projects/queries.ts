import "server-only";
import { and, eq, ilike, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { authorize, projectBinding, type AccessContext } from "../auth/principal";
import { getDb, type DbOrTx } from "../db/client";
import { projects, type Project } from "../db/schema";
import { NotFoundError } from "../errors";
import { decodeCursor, encodeCursor, exactTimestamp, newestFirst, timeIdCursor } from "../http/cursor";
import { toProjectDto, type ProjectDto } from "./dto";

export const projectListQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(["active", "archived", "all"]).default("active"),
});
export type ProjectListQuery = z.output<typeof projectListQuerySchema>;

export type Page<T> = { data: T[]; nextCursor: string | null };

/** Keyset page of projects, newest first; a project-bound key sees only its project. */
export async function listProjects(ctx: AccessContext, query: ProjectListQuery, page: { limit: number; cursor?: string }): Promise<Page<ProjectDto>> {
  await authorize(ctx, "projects:read", "projects");
  const where: SQL[] = [];
  const bound = projectBinding(ctx.principal);
  if (bound) where.push(eq(projects.id, bound));
  if (query.status === "active") where.push(isNull(projects.archivedAt));
  if (query.status === "archived") where.push(isNotNull(projects.archivedAt));
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(projects.name, pattern), ilike(projects.slug, pattern))!);
  }
  if (page.cursor) {
    const [at, id] = decodeCursor(page.cursor, timeIdCursor);
    where.push(sql`(${projects.createdAt}, ${projects.id}) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = await getDb()
    .select({ project: projects, at: exactTimestamp(projects.createdAt) })
    .from(projects)
    .where(and(...where))
    .orderBy(...newestFirst(projects.createdAt, projects.id))
    .limit(page.limit + 1);
  const more = rows.length > page.limit;
  const data = rows.slice(0, page.limit);
  const last = data.at(-1);
  return { data: data.map((r) => toProjectDto(r.project)), nextCursor: more && last ? encodeCursor([last.at, last.project.id]) : null };
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
