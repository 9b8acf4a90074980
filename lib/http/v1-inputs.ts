import { z } from "zod";
import { slugSchema } from "../projects/schemas";
import { projectListQuerySchema } from "../projects/queries";
import { runListFilterSchema } from "../runs/schemas";
import { limitSchema } from "../db/keyset";

// What the /api/v1 routes validate in their path and query string. Request bodies are the
// domain's own schemas. The OpenAPI document is generated from these same objects.

export const slugParams = z.object({ slug: slugSchema });
export const runIdParams = z.object({ id: z.uuid({ message: "must be a UUID" }) });

const page = { limit: limitSchema, cursor: z.string().optional() };

/** `?limit=&cursor=` of a list without filters. */
export const pageQuery = z.object(page);
/** `{id}` of the alerting and monitor routes. */
export const idParams = z.object({ id: z.uuid({ message: "must be a UUID" }) });

export const projectListQuery = projectListQuerySchema.extend(page);
export const runListQuery = runListFilterSchema.extend(page);

export const logReadQuery = z.object({
  /** Lines with seq greater than this; 0 (the default) reads from the start. */
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: limitSchema,
});

/** Splits a parsed list query into the domain's filter and page arguments. */
export function splitPage<T extends { limit: number; cursor?: string }>(query: T): [Omit<T, "limit" | "cursor">, { limit: number; cursor?: string }] {
  const { limit, cursor, ...filter } = query;
  return [filter, { limit, cursor }];
}
