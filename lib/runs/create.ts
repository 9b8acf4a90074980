import "server-only";
import { sql } from "drizzle-orm";
import { actorOf, projectBinding, type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { AUDIT_COLUMN_LIST, auditRow, recordAudit } from "../audit/record";
import { getDb, getPool } from "../db/client";
import type { Run } from "../db/schema";
import { invalidateTags } from "../cache/tags";
import { findVisibleProject } from "../projects/queries";
import { ConflictError, NotFoundError } from "../errors";
import { countRunsIngested } from "../metrics/record";
import { toRunDto, type RunDto } from "./dto";
import { runBatchSchema, runCreateSchema, type RunCreateInput } from "./schemas";

/** The cache tag every write to a project or its runs invalidates (lib/cache). */
export const projectTag = (projectId: string) => `project:${projectId}`;
export const runTags = (projectId: string) => ["runs", projectTag(projectId)];

// One statement, so one round trip and its own transaction: find the project (visible to a
// bound key, not archived), insert the run, and append its audit event from the inserted row.
// Either all of it commits or none (a refusal inserts nothing: the INSERTs select from the
// project only when it may take the run). A named prepared statement, parsed and planned once
// per connection: every single ingest runs it (bench/single-ingest.ts).
const CREATE_RUN = {
  name: "opsdeck_run_create",
  text: `
    WITH p AS (
      SELECT id, archived_at FROM projects WHERE slug = $1::text AND ($2::uuid IS NULL OR id = $2::uuid)
    ), ins AS (
      INSERT INTO runs (project_id, name, kind, external_id, status, metadata, started_at)
      SELECT p.id, $3::text, $4::text, $5::text, $6::text::run_status, $7::jsonb, CASE WHEN $6::text = 'running' THEN now() END
      FROM p WHERE p.archived_at IS NULL
      RETURNING *
    ), aud AS (
      INSERT INTO audit_events (${AUDIT_COLUMN_LIST})
      SELECT $8::timestamptz, $9::text, $10::text, $11::text, $12::text, 'run', ins.id::text, ins.name, ins.project_id, $13::text, $14::text, $15::text, $16::jsonb
      FROM ins
    )
    SELECT p.id AS project_found, p.archived_at IS NOT NULL AS project_archived, ins.* FROM p LEFT JOIN ins ON true`,
};

export async function createRun(ctx: AccessContext, slug: string, input: RunCreateInput): Promise<RunDto> {
  await authorize(ctx, "runs:write", `project:${slug}`);
  const values = runCreateSchema.parse(input);
  const audit = auditRow({
    action: "run.create",
    actor: actorOf(ctx.principal),
    changes: { name: values.name, kind: values.kind, status: values.status, externalId: values.externalId ?? null },
    meta: ctx.meta,
  });
  const result = await getPool().query<Record<string, unknown> & { project_found: string | null; project_archived: boolean | null }>({
    ...CREATE_RUN,
    values: [
      slug,
      projectBinding(ctx.principal),
      values.name,
      values.kind,
      values.externalId ?? null,
      values.status,
      JSON.stringify(values.metadata),
      audit.occurredAt.toISOString(),
      audit.actorType,
      audit.actorId,
      audit.actorLabel,
      audit.action,
      audit.ip,
      audit.userAgent,
      audit.requestId,
      JSON.stringify(audit.changes),
    ],
  });
  const [row] = result.rows;
  if (!row) throw new NotFoundError(`Project ${slug}`);
  if (row.project_archived) throw new ConflictError(`Project ${slug} is archived`);
  const run = rowToRun(row);
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
