import { z } from "zod";
import type { AuditEventDto } from "../audit/dto";
import type { ProjectDto } from "../projects/dto";
import type { LogLineDto } from "../runs/logs";
import type { RunDto } from "../runs/dto";
import { runStatusSchema } from "../runs/schemas";

// What /api/v1 answers, as zod schemas: the OpenAPI document's response bodies. Strict
// objects, and `satisfies` ties each to its DTO type, so the tests that parse real
// answers with them catch any drift in either direction.

const timestamp = z.iso.datetime({ offset: true });
const nullableTimestamp = timestamp.nullable();

export const projectSchema = z.strictObject({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  archived: z.boolean(),
  archivedAt: nullableTimestamp,
  createdAt: timestamp,
  updatedAt: timestamp,
}) satisfies z.ZodType<ProjectDto>;

export const runSchema = z.strictObject({
  id: z.uuid(),
  projectId: z.uuid(),
  name: z.string(),
  kind: z.string(),
  externalId: z.string().nullable(),
  status: runStatusSchema,
  cancelRequestedAt: nullableTimestamp.describe("Set when cancellation was requested from the console; the executor confirms with PATCH status=cancelled"),
  retryOf: z.uuid().nullable().describe("The run this one retries"),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: timestamp,
  startedAt: nullableTimestamp,
  finishedAt: nullableTimestamp,
  updatedAt: timestamp,
  durationMs: z.number().int().nullable(),
}) satisfies z.ZodType<RunDto>;

export const runDetailSchema = runSchema.extend({ projectSlug: z.string() }) satisfies z.ZodType<RunDto & { projectSlug: string }>;

/** A list item: every field, or only `id` and the ones named by `fields=`. */
export const runListItemSchema = runSchema.partial().required({ id: true }) satisfies z.ZodType<Partial<RunDto>>;

export const logLineSchema = z.strictObject({
  seq: z.number().int().min(1),
  ts: timestamp,
  level: z.string(),
  message: z.string(),
}) satisfies z.ZodType<LogLineDto>;

const nextCursor = z.string().nullable().describe("Pass as ?cursor= for the next page; null on the last page");

export const projectPageSchema = z.strictObject({ data: z.array(projectSchema), nextCursor });
export const runPageSchema = z.strictObject({ data: z.array(runListItemSchema), nextCursor });
export const runBatchResultSchema = z.strictObject({ data: z.array(runSchema) });
export const logPageSchema = z.strictObject({
  data: z.array(logLineSchema),
  nextAfter: z.number().int().nullable().describe("Pass as ?after= for the next page; null when this page reached the end"),
});
export const logAppendResultSchema = z.strictObject({ firstSeq: z.number().int().min(1), lastSeq: z.number().int().min(1) });

export const auditEventSchema = z.strictObject({
  seq: z.number().int().min(1).describe("Position in the hash chain"),
  occurredAt: timestamp,
  actorType: z.string().describe("user, api_key, system or anonymous"),
  actorId: z.string().nullable(),
  actorLabel: z.string().nullable(),
  action: z.string().describe("One of the closed list of audit actions, e.g. run.cancel"),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  targetLabel: z.string().nullable(),
  projectId: z.uuid().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  changes: z.record(z.string(), z.unknown()).nullable().describe("Before/after of the changed fields; secrets redacted"),
  prevHash: z.string().describe("The previous event's hash (64 zeros for the first)"),
  hash: z.string().describe("sha256(prevHash ‖ canonical JSON of the event)"),
}) satisfies z.ZodType<AuditEventDto>;

export const auditPageSchema = z.strictObject({ data: z.array(auditEventSchema), nextCursor });

export const fieldErrorSchema = z.strictObject({ path: z.string().describe("where: body.runs.3.name, query.limit, path.id"), message: z.string() });

/** RFC 9457 problem details; a 409 on a run status move also carries from, to and allowed. */
export const problemSchema = z.looseObject({
  type: z.string().describe("urn:opsdeck:problem:<code>"),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  requestId: z.string(),
  errors: z.array(fieldErrorSchema).optional(),
  allowed: z.array(runStatusSchema).optional().describe("409 on a status move: the statuses the run may move to from its current one"),
});
