import { created } from "@/lib/http/reply";
import { route } from "@/lib/http/pipeline";
import { slugParams } from "@/lib/http/v1-inputs";
import { WRITE_ERRORS } from "@/lib/openapi/operation";
import { createRunsBatch } from "@/lib/runs/create";
import { runBatchResultSchema } from "@/lib/runs/dto";
import { runBatchSchema } from "@/lib/runs/schemas";
import { methodsNotAllowed } from "@/lib/http/methods";

// 1000 runs leave ~1 KiB each under the usual 1 MiB; CI metadata (sha, branch, URL, author,
// commit message) often needs more, so batches get 2 MiB. Still refused unbuffered past it.
const BATCH_MAX_BODY_BYTES = 2 * 1024 * 1024;

export const POST = route(
  {
    route: "/api/v1/projects/[slug]/runs/batch",
    scope: "runs:write",
    rateLimit: "batch",
    params: slugParams,
    body: runBatchSchema,
    maxBodyBytes: BATCH_MAX_BODY_BYTES,
    doc: {
      operationId: "createRunsBatch",
      tag: "Runs",
      summary: "Report up to 1000 runs at once",
      description: "All or nothing, in one statement; audited as one event. Body limit 2 MiB.",
      success: { status: 201, description: "The created runs, in request order", response: runBatchResultSchema, location: true },
      errors: WRITE_ERRORS,
    },
  },
  async (ctx) => {
    const runs = await createRunsBatch(ctx.access, ctx.params.slug, ctx.body);
    return created(`/api/v1/projects/${ctx.params.slug}/runs`, { data: runs });
  },
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("/api/v1/projects/[slug]/runs/batch", { POST });
