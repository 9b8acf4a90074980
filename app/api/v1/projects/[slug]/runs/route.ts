import { created } from "@/lib/http/reply";
import { IDEMPOTENCY_KEY_PARAMETER, withIdempotency } from "@/lib/http/idempotency";
import { route } from "@/lib/http/pipeline";
import { runListQuery, slugParams, splitPage } from "@/lib/http/v1-inputs";
import { READ_ERRORS, WRITE_ERRORS } from "@/lib/openapi/operation";
import { createRun } from "@/lib/runs/create";
import { runPageSchema, runSchema, runStatusSchema } from "@/lib/runs/dto";
import { etagFor, notModified } from "@/lib/http/etag";
import { listRunsForProject, resolveRunsProject, runsListVersion } from "@/lib/runs/queries";
import { runCreateSchema } from "@/lib/runs/schemas";
import { methodsNotAllowed } from "@/lib/http/methods";

const path = "/api/v1/projects/[slug]/runs";

// Revalidation skips the list query: the validator comes from the project's runs revision.
export const GET = route(
  {
    route: path,
    scope: "runs:read",
    params: slugParams,
    query: runListQuery,
    doc: {
      operationId: "listRuns",
      tag: "Runs",
      summary: "List a project's runs",
      description: "Newest first, by cursor. Filter by status, creation time and name or external id; `fields=` trims each item.",
      paramDocs: { status: `Comma-separated list of ${runStatusSchema.options.join(", ")}` },
      success: { status: 200, description: "A page of runs", response: runPageSchema, etag: true },
      errors: READ_ERRORS,
    },
  },
  async (ctx) => {
    const project = await resolveRunsProject(ctx.access, ctx.params.slug);
    const etag = etagFor(runsListVersion(project, new URL(ctx.request.url).search));
    const unchanged = notModified(ctx.request, etag);
    if (unchanged) return unchanged;
    const [filter, page] = splitPage(ctx.query);
    return { body: await listRunsForProject(ctx.access, ctx.params.slug, filter, page, project), headers: { ETag: etag } };
  },
);

export const POST = route(
  {
    route: path,
    scope: "runs:write",
    params: slugParams,
    body: runCreateSchema,
    doc: {
      operationId: "createRun",
      tag: "Runs",
      summary: "Report a run",
      description: "A run starts `queued`, or `running` when the integration first sees it running. Archived projects refuse new runs (409).",
      headers: [IDEMPOTENCY_KEY_PARAMETER],
      success: { status: 201, description: "The created run", response: runSchema, location: true },
      errors: WRITE_ERRORS,
    },
  },
  (ctx) =>
    withIdempotency(ctx, async () => {
      const run = await createRun(ctx.access, ctx.params.slug, ctx.body);
      return created(`/api/v1/runs/${run.id}`, run);
    }),
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("/api/v1/projects/[slug]/runs", { GET, POST });
