import { created } from "@/lib/http/reply";
import { route } from "@/lib/http/pipeline";
import { logReadQuery, runIdParams } from "@/lib/http/v1-inputs";
import { READ_ERRORS, WRITE_ERRORS } from "@/lib/openapi/operation";
import { logAppendResultSchema, logPageSchema } from "@/lib/runs/dto";
import { appendRunLogs, readRunLogs } from "@/lib/runs/logs";
import { logAppendSchema } from "@/lib/runs/schemas";
import { methodsNotAllowed } from "@/lib/http/methods";

const path = "/api/v1/runs/[id]/logs";

export const GET = route(
  {
    route: path,
    scope: "runs:read",
    params: runIdParams,
    query: logReadQuery,
    doc: {
      operationId: "readRunLogs",
      tag: "Logs",
      summary: "Read a run's log lines",
      description: "In seq order, after `after`. Follow a live run by passing the last seq you saw.",
      success: { status: 200, description: "A page of log lines", response: logPageSchema, etag: true },
      errors: READ_ERRORS,
    },
  },
  async (ctx) => ({ body: await readRunLogs(ctx.access, ctx.params.id, ctx.query.after, ctx.query.limit) }),
);

export const POST = route(
  {
    route: path,
    scope: "runs:write",
    params: runIdParams,
    body: logAppendSchema,
    doc: {
      operationId: "appendRunLogs",
      tag: "Logs",
      summary: "Append log lines",
      description: "Up to 1000 lines; the server assigns gap-free seq numbers, also across concurrent appenders. Runs finished over an hour ago refuse new lines (409).",
      success: { status: 201, description: "The seq range assigned to the lines", response: logAppendResultSchema, location: true },
      errors: WRITE_ERRORS,
    },
  },
  async (ctx) => {
    const range = await appendRunLogs(ctx.access, ctx.params.id, ctx.body);
    return created(`/api/v1/runs/${ctx.params.id}/logs?after=${range.firstSeq - 1}`, range);
  },
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("/api/v1/runs/[id]/logs", { GET, POST });
