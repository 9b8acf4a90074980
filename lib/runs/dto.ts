import { z } from "zod";
import { pageSchema } from "../db/keyset";
import { runStatusEnum, type Run, type RunLog } from "../db/schema";
import { isoTimestamp, nullableIsoTimestamp } from "../iso-time";
import type { RunField } from "./schemas";

// What the API and the console show of runs and their log lines. The zod schemas are the
// response bodies of the OpenAPI document and the DTO types are their output, so a shape is
// written once; strict objects, so the tests that parse real answers with them catch a key
// a mapper adds or drops.

export const runStatusSchema = z.enum(runStatusEnum.enumValues);

export const runSchema = z.strictObject({
  id: z.uuid(),
  projectId: z.uuid(),
  name: z.string(),
  kind: z.string(),
  externalId: z.string().nullable(),
  status: runStatusSchema,
  cancelRequestedAt: nullableIsoTimestamp.describe("Set when cancellation was requested from the console; the executor confirms with PATCH status=cancelled"),
  retryOf: z.uuid().nullable().describe("The run this one retries"),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: isoTimestamp,
  startedAt: nullableIsoTimestamp,
  finishedAt: nullableIsoTimestamp,
  updatedAt: isoTimestamp,
  durationMs: z.number().int().nullable(),
});
export type RunDto = z.output<typeof runSchema>;

export const runDetailSchema = runSchema.extend({ projectSlug: z.string() });
export type RunDetailDto = z.output<typeof runDetailSchema>;

/** A list item: every field, or only `id` and the ones named by `fields=`. */
export const runListItemSchema = runSchema.partial().required({ id: true });
export const runPageSchema = pageSchema(runListItemSchema);
export const runBatchResultSchema = z.strictObject({ data: z.array(runSchema) });

export const logLineSchema = z.strictObject({
  seq: z.number().int().min(1),
  ts: isoTimestamp,
  level: z.string(),
  message: z.string(),
});
export type LogLineDto = z.output<typeof logLineSchema>;

export const logPageSchema = z.strictObject({
  data: z.array(logLineSchema),
  nextAfter: z.number().int().nullable().describe("Pass as ?after= for the next page; null when this page reached the end"),
});
export type LogPage = z.output<typeof logPageSchema>;

export const logAppendResultSchema = z.strictObject({ firstSeq: z.number().int().min(1), lastSeq: z.number().int().min(1) });
export type LogAppendResult = z.output<typeof logAppendResultSchema>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toRunDto(r: Run): RunDto {
  return {
    id: r.id,
    projectId: r.projectId,
    name: r.name,
    kind: r.kind,
    externalId: r.externalId,
    status: r.status,
    cancelRequestedAt: iso(r.cancelRequestedAt),
    retryOf: r.retryOf,
    metadata: r.metadata,
    createdAt: r.createdAt.toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
    updatedAt: r.updatedAt.toISOString(),
    durationMs: r.startedAt && r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
  };
}

/** `fields=` selection: only the requested keys (id always). */
export function pickFields(dto: RunDto, fields: RunField[] | undefined): Partial<RunDto> {
  if (!fields) return dto;
  return Object.fromEntries(fields.map((f) => [f, dto[f]]));
}

export function toLogLineDto(l: RunLog): LogLineDto {
  return { seq: l.seq, ts: l.ts.toISOString(), level: l.level, message: l.message };
}
