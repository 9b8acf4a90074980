import { route } from "@/lib/http/pipeline";
import { runIdParams } from "@/lib/http/v1-inputs";
import { getRun } from "@/lib/runs/queries";
import { runPatchSchema } from "@/lib/runs/schemas";
import { patchRun } from "@/lib/runs/update";

const path = "/api/v1/runs/[id]";

export const GET = route({ route: path, scope: "runs:read", params: runIdParams }, async (ctx) => ({
  body: await getRun(ctx.access, ctx.params.id),
}));

export const PATCH = route({ route: path, scope: "runs:write", params: runIdParams, body: runPatchSchema }, async (ctx) => ({
  body: await patchRun(ctx.access, ctx.params.id, ctx.body),
}));
