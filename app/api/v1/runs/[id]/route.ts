import { route } from "@/lib/http/pipeline";
import { runIdParams } from "@/lib/http/v1-inputs";
import { READ_ERRORS, WRITE_ERRORS } from "@/lib/openapi/operation";
import { runDetailSchema, runSchema } from "@/lib/runs/dto";
import { getRun } from "@/lib/runs/queries";
import { runPatchSchema } from "@/lib/runs/schemas";
import { patchRun } from "@/lib/runs/update";
import { methodsNotAllowed } from "@/lib/http/methods";

const path = "/api/v1/runs/[id]";

export const GET = route(
  {
    route: path,
    scope: "runs:read",
    params: runIdParams,
    doc: {
      operationId: "getRun",
      tag: "Runs",
      summary: "Get a run",
      success: { status: 200, description: "The run", response: runDetailSchema, etag: true },
      errors: READ_ERRORS,
    },
  },
  async (ctx) => ({ body: await getRun(ctx.access, ctx.params.id) }),
);

export const PATCH = route(
  {
    route: path,
    scope: "runs:write",
    params: runIdParams,
    body: runPatchSchema,
    doc: {
      operationId: "updateRun",
      tag: "Runs",
      summary: "Move a run's status, rename it or replace its metadata",
      description:
        "Status moves follow `queued → running → succeeded | failed | cancelled` and `queued → cancelled`; any other move is a 409 whose `allowed` lists the moves from the current status. Moving to running sets startedAt; to a final status sets finishedAt.",
      success: { status: 200, description: "The updated run", response: runSchema },
      errors: WRITE_ERRORS,
    },
  },
  async (ctx) => ({ body: await patchRun(ctx.access, ctx.params.id, ctx.body) }),
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { POST, PUT, DELETE, OPTIONS } = methodsNotAllowed("/api/v1/runs/[id]", { GET, PATCH });
