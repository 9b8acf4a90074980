import { created } from "@/lib/http/reply";
import { route } from "@/lib/http/pipeline";
import { logReadQuery, runIdParams } from "@/lib/http/v1-inputs";
import { appendRunLogs, readRunLogs } from "@/lib/runs/logs";
import { logAppendSchema } from "@/lib/runs/schemas";

const path = "/api/v1/runs/[id]/logs";

export const GET = route({ route: path, scope: "runs:read", params: runIdParams, query: logReadQuery }, async (ctx) => ({
  body: await readRunLogs(ctx.access, ctx.params.id, ctx.query.after, ctx.query.limit),
}));

export const POST = route({ route: path, scope: "runs:write", params: runIdParams, body: logAppendSchema }, async (ctx) => {
  const range = await appendRunLogs(ctx.access, ctx.params.id, ctx.body);
  return created(`/api/v1/runs/${ctx.params.id}/logs?after=${range.firstSeq - 1}`, range);
});
