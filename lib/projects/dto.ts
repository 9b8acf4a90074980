import { z } from "zod";
import { pageSchema } from "../db/keyset";
import type { Project } from "../db/schema";
import { isoTimestamp, nullableIsoTimestamp } from "../iso-time";

// A project as the API and the console show it. The schema is the OpenAPI response body and
// ProjectDto its output, so the shape is written once.

export const projectSchema = z.strictObject({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  archived: z.boolean(),
  archivedAt: nullableIsoTimestamp,
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type ProjectDto = z.output<typeof projectSchema>;

export const projectPageSchema = pageSchema(projectSchema);

export function toProjectDto(p: Project): ProjectDto {
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    description: p.description,
    archived: p.archivedAt !== null,
    archivedAt: p.archivedAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
