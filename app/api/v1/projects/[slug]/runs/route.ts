import { created } from "@/lib/http/reply";
import { withIdempotency } from "@/lib/http/idempotency";
import { route } from "@/lib/http/pipeline";
import { runListQuery, slugParams, splitPage } from "@/lib/http/v1-inputs";
import { createRun } from "@/lib/runs/create";
import { etagFor, notModified } from "@/lib/http/etag";
import { listRunsForProject, resolveRunsProject, runsListVersion } from "@/lib/runs/queries";
import { runCreateSchema } from "@/lib/runs/schemas";

const path = "/api/v1/projects/[slug]/runs";

// Revalidation skips the list query: the validator comes from the project's runs revision.
export const GET = route({ route: path, scope: "runs:read", params: slugParams, query: runListQuery }, async (ctx) => {
  const project = await resolveRunsProject(ctx.access, ctx.params.slug);
  const etag = etagFor(runsListVersion(project, new URL(ctx.request.url).search));
  const unchanged = notModified(ctx.request, etag);
  if (unchanged) return unchanged;
  const [filter, page] = splitPage(ctx.query);
  return { body: await listRunsForProject(ctx.access, ctx.params.slug, filter, page, project), headers: { ETag: etag } };
});

export const POST = route({ route: path, scope: "runs:write", params: slugParams, body: runCreateSchema }, (ctx) =>
  withIdempotency(ctx, async () => {
    const run = await createRun(ctx.access, ctx.params.slug, ctx.body);
    return created(`/api/v1/runs/${run.id}`, run);
  }),
);
