import "server-only";
import { eq } from "drizzle-orm";
import { actorOf, projectBinding, type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { recordAudit } from "../audit/record";
import { getDb } from "../db/client";
import { projects } from "../db/schema";
import { ConflictError, ForbiddenError } from "../errors";
import { invalidateTags } from "../cache/tags";
import { projectTag } from "../runs/create";
import { toProjectDto, type ProjectDto } from "./dto";
import { findVisibleProject } from "./queries";
import { projectCreateSchema, projectUpdateSchema, type ProjectCreateInput, type ProjectUpdateInput } from "./schemas";

export async function createProject(ctx: AccessContext, input: ProjectCreateInput): Promise<ProjectDto> {
  await authorize(ctx, "projects:write", "projects");
  if (projectBinding(ctx.principal)) throw new ForbiddenError("A key bound to a project cannot create projects");
  const values = projectCreateSchema.parse(input);
  const project = await getDb().transaction(async (tx) => {
    const [row] = await tx.insert(projects).values(values).onConflictDoNothing({ target: projects.slug }).returning();
    if (!row) throw new ConflictError(`A project with slug ${values.slug} already exists`, { slug: values.slug });
    await recordAudit(tx, {
      action: "project.create",
      actor: actorOf(ctx.principal),
      target: { type: "project", id: row.id, label: row.slug },
      projectId: row.id,
      changes: { slug: row.slug, name: row.name, description: row.description },
      meta: ctx.meta,
    });
    return row;
  });
  await invalidateTags(["projects"]);
  return toProjectDto(project);
}

/** Name/description edits and archive/unarchive; the audit event carries before/after of what changed. */
export async function updateProject(ctx: AccessContext, slug: string, input: ProjectUpdateInput): Promise<ProjectDto> {
  await authorize(ctx, "projects:write", `project:${slug}`);
  const patch = projectUpdateSchema.parse(input);
  const project = await getDb().transaction(async (tx) => {
    const before = await findVisibleProject(tx, ctx, slug);
    const [locked] = await tx.select().from(projects).where(eq(projects.id, before.id)).for("update");
    const current = locked ?? before;
    const next = {
      name: patch.name ?? current.name,
      description: patch.description ?? current.description,
      archivedAt: patch.archived === undefined ? current.archivedAt : patch.archived ? (current.archivedAt ?? new Date()) : null,
    };
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (next.name !== current.name) changes.name = { from: current.name, to: next.name };
    if (next.description !== current.description) changes.description = { from: current.description, to: next.description };
    if ((next.archivedAt === null) !== (current.archivedAt === null)) changes.archived = { from: current.archivedAt !== null, to: next.archivedAt !== null };
    if (Object.keys(changes).length === 0) return current;
    const [row] = await tx.update(projects).set({ ...next, updatedAt: new Date() }).where(eq(projects.id, current.id)).returning();
    const action = changes.archived ? (next.archivedAt ? "project.archive" : "project.unarchive") : "project.update";
    await recordAudit(tx, {
      action,
      actor: actorOf(ctx.principal),
      target: { type: "project", id: current.id, label: current.slug },
      projectId: current.id,
      changes,
      meta: ctx.meta,
    });
    return row!;
  });
  await invalidateTags(["projects", projectTag(project.id)]);
  return toProjectDto(project);
}
