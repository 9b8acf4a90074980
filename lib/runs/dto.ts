import type { Run } from "../db/schema";
import type { RunField } from "./schemas";

export type RunDto = {
  id: string;
  projectId: string;
  name: string;
  kind: string;
  externalId: string | null;
  status: Run["status"];
  cancelRequestedAt: string | null;
  retryOf: string | null;
  metadata: Record<string, unknown>;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
  durationMs: number | null;
};

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
