import "server-only";
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../auth/authorize";
import { projectBinding, type AccessContext } from "../auth/principal";
import { getDb } from "../db/client";
import { projects, runs } from "../db/schema";
import { NotFoundError } from "../errors";
import { listProjects } from "../projects/queries";
import { findVisibleRun } from "../runs/queries";

// What the command palette (Ctrl/⌘+K) finds beside the pages: projects by name or slug, and
// a run by its id or its external id (as CI systems know it). Reads only what the caller may
// see: the same project binding and scopes as the lists and the API.

export const paletteQuerySchema = z.strictObject({ q: z.string().trim().min(1, "Type something to search for").max(100, "Search for at most 100 characters") });

export type PaletteResults = {
  projects: { slug: string; name: string; archived: boolean }[];
  runs: { id: string; name: string; status: string; externalId: string | null; projectSlug: string }[];
};

const LIMIT = 6;

export async function searchPalette(ctx: AccessContext, input: z.input<typeof paletteQuerySchema>): Promise<PaletteResults> {
  const { q } = paletteQuerySchema.parse(input);
  await authorize(ctx, "projects:read", "projects");
  const found = await listProjects(ctx, { q, status: "active" }, { limit: LIMIT });
  const out: PaletteResults = { projects: found.data.map((p) => ({ slug: p.slug, name: p.name, archived: p.archivedAt !== null })), runs: [] };

  await authorize(ctx, "runs:read", "runs");
  if (z.uuid().safeParse(q).success) {
    try {
      const run = await findVisibleRun(getDb(), ctx, q);
      out.runs.push({ id: run.id, name: run.name, status: run.status, externalId: run.externalId, projectSlug: run.projectSlug });
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
  // An external id is unique per project: one probe of runs_external_idx per visible project.
  const bound = projectBinding(ctx.principal);
  const visible = (await getDb().select({ id: projects.id, slug: projects.slug }).from(projects).where(bound ? eq(projects.id, bound) : isNull(projects.archivedAt))).slice(0, 500);
  if (visible.length) {
    const slugOf = new Map(visible.map((p) => [p.id, p.slug]));
    const rows = await getDb()
      .select({ id: runs.id, name: runs.name, status: runs.status, externalId: runs.externalId, projectId: runs.projectId })
      .from(runs)
      .where(and(inArray(runs.projectId, [...slugOf.keys()]), eq(runs.externalId, q)))
      .orderBy(desc(runs.createdAt))
      .limit(LIMIT);
    for (const r of rows) if (!out.runs.some((x) => x.id === r.id)) out.runs.push({ id: r.id, name: r.name, status: r.status, externalId: r.externalId, projectSlug: slugOf.get(r.projectId)! });
  }
  return out;
}
