import "server-only";
import { sql } from "drizzle-orm";
import { actorOf, type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { recordAudit } from "../audit/record";
import { getDb } from "../db/client";
import { runs, type Run } from "../db/schema";
import { invalidateTags } from "../cache/tags";
import { findVisibleProject } from "../projects/queries";
import { ConflictError } from "../errors";
import { countRunsIngested } from "../metrics/record";
import { toRunDto, type RunDto } from "./dto";
import { runBatchSchema, runCreateSchema, type RunCreateInput } from "./schemas";

/** The cache tag every write to a project or its runs invalidates (lib/cache). */
export const projectTag = (projectId: string) => `project:${projectId}`;
export const runTags = (projectId: string) => ["runs", projectTag(projectId)];

export async function createRun(ctx: AccessContext, slug: string, input: RunCreateInput): Promise<RunDto> {
  await authorize(ctx, "runs:write", `project:${slug}`);
  const values = runCreateSchema.parse(input);
  const run = await getDb().transaction(async (tx) => {
    const project = await findVisibleProject(tx, ctx, slug);
    if (project.archivedAt) throw new ConflictError(`Project ${slug} is archived`);
    const [row] = await tx
      .insert(runs)
      .values({ ...values, projectId: project.id, startedAt: values.status === "running" ? new Date() : null })
      .returning();
    await recordAudit(tx, {
      action: "run.create",
      actor: actorOf(ctx.principal),
      target: { type: "run", id: row!.id, label: row!.name },
      projectId: project.id,
      changes: { name: row!.name, kind: row!.kind, status: row!.status, externalId: row!.externalId },
      meta: ctx.meta,
    });
    return row!;
  });
  await invalidateTags(runTags(run.projectId));
  countRunsIngested(1);
  return toRunDto(run);
}

/**
 * Up to 1000 runs in one INSERT … SELECT FROM unnest(…) statement (one round trip, one
 * plan, no per-row parameters limit), audited as one event listing the count.
 */
export async function createRunsBatch(ctx: AccessContext, slug: string, input: unknown): Promise<RunDto[]> {
  await authorize(ctx, "runs:write", `project:${slug}`);
  const { runs: items } = runBatchSchema.parse(input);
  const created = await getDb().transaction(async (tx) => {
    const project = await findVisibleProject(tx, ctx, slug);
    if (project.archivedAt) throw new ConflictError(`Project ${slug} is archived`);
    // sql.param: one array parameter each; a bare JS array would be spread into a ($1, $2, …) row.
    const col = <K extends keyof (typeof items)[number]>(k: K) => sql.param(items.map((i) => i[k] ?? null));
    const result = await tx.execute<Record<string, unknown>>(sql`
      INSERT INTO runs (project_id, name, kind, external_id, status, metadata, started_at)
      SELECT ${project.id}::uuid, t.name, t.kind, t.external_id, t.status::run_status, t.metadata,
             CASE WHEN t.status = 'running' THEN now() END
      FROM unnest(${col("name")}::text[], ${col("kind")}::text[], ${col("externalId")}::text[], ${col("status")}::text[],
                  ${sql.param(items.map((i) => JSON.stringify(i.metadata)))}::jsonb[])
        WITH ORDINALITY AS t(name, kind, external_id, status, metadata, ord)
      ORDER BY t.ord
      RETURNING *`);
    await recordAudit(tx, {
      action: "run.batch_create",
      actor: actorOf(ctx.principal),
      target: { type: "project", id: project.id, label: project.slug },
      projectId: project.id,
      changes: { count: result.rows.length },
      meta: ctx.meta,
    });
    return result.rows.map(rowToRun);
  });
  if (created[0]) await invalidateTags(runTags(created[0].projectId));
  countRunsIngested(created.length);
  return created.map(toRunDto);
}

/** Raw `RETURNING *` rows use column names; map them to the schema's shape. */
function rowToRun(r: Record<string, unknown>): Run {
  const date = (v: unknown) => (v == null ? null : new Date(v as string));
  return {
    id: r.id as string,
    projectId: r.project_id as string,
    name: r.name as string,
    kind: r.kind as string,
    externalId: (r.external_id as string | null) ?? null,
    status: r.status as Run["status"],
    cancelRequestedAt: date(r.cancel_requested_at),
    retryOf: (r.retry_of as string | null) ?? null,
    metadata: (r.metadata as Record<string, unknown>) ?? {},
    createdAt: new Date(r.created_at as string),
    startedAt: date(r.started_at),
    finishedAt: date(r.finished_at),
    updatedAt: new Date(r.updated_at as string),
  };
}
