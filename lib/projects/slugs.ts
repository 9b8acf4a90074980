import "server-only";
import { inArray } from "drizzle-orm";
import { projectBinding, type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { getDb } from "../db/client";
import { projects } from "../db/schema";

/** id → slug for the given projects the caller may see (for links from lists that store ids). */
export async function projectSlugsByIds(ctx: AccessContext, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  await authorize(ctx, "projects:read", "projects");
  const bound = projectBinding(ctx.principal);
  const rows = await getDb().select({ id: projects.id, slug: projects.slug }).from(projects).where(inArray(projects.id, unique));
  return new Map(rows.filter((r) => !bound || r.id === bound).map((r) => [r.id, r.slug]));
}
