import { accessOf, created } from "@/lib/http/access";
import { withIdempotency } from "@/lib/http/idempotency";
import { route } from "@/lib/http/pipeline";
import { runListQuery, slugParams, splitPage } from "@/lib/http/v1-inputs";
import { createRun } from "@/lib/runs/create";
import { listRunsForProject } from "@/lib/runs/queries";
import { runCreateSchema } from "@/lib/runs/schemas";

const path = "/api/v1/projects/[slug]/runs";

export const GET = route({ route: path, scope: "runs:read", params: slugParams, query: runListQuery }, async (ctx) => {
  const [filter, page] = splitPage(ctx.query);
  return { body: await listRunsForProject(accessOf(ctx), ctx.params.slug, filter, page) };
});

export const POST = route({ route: path, scope: "runs:write", params: slugParams, body: runCreateSchema }, (ctx) =>
  withIdempotency(ctx, async () => {
    const run = await createRun(accessOf(ctx), ctx.params.slug, ctx.body);
    return created(`/api/v1/runs/${run.id}`, run);
  }),
);
