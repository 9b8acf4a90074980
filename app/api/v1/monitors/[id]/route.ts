import { methodsNotAllowed } from "@/lib/http/methods";
import { route } from "@/lib/http/pipeline";
import { READ_ERRORS, WRITE_ERRORS } from "@/lib/openapi/operation";
import { idParams } from "@/lib/http/v1-inputs";
import { deleteMonitor, getMonitor, monitorDtoSchema, patchMonitor } from "@/lib/monitors/mutations";
import { monitorPatchSchema } from "@/lib/monitors/schemas";
import { deletedSchema } from "@/lib/openapi/schemas";

const path = "/api/v1/monitors/[id]";
const paramDocs = { id: "The monitor's id" };

export const GET = route(
  { route: path, scope: "monitors:read", params: idParams, doc: { operationId: "getMonitor", tag: "Monitors", summary: "Get a monitor", paramDocs, success: { status: 200, description: "The monitor", response: monitorDtoSchema, etag: true }, errors: READ_ERRORS } },
  async (ctx) => ({ body: await getMonitor(ctx.access, ctx.params.id) }),
);

export const PATCH = route(
  {
    route: path,
    scope: "monitors:write",
    role: "admin",
    params: idParams,
    body: monitorPatchSchema,
    doc: { operationId: "updateMonitor", tag: "Monitors", summary: "Change a monitor", description: "A new target (URL, method, expected status or keyword) starts over as pending until its first probe.", paramDocs, success: { status: 200, description: "The monitor", response: monitorDtoSchema }, errors: WRITE_ERRORS },
  },
  async (ctx) => ({ body: await patchMonitor(ctx.access, ctx.params.id, ctx.body) }),
);

export const DELETE = route(
  { route: path, scope: "monitors:write",
    role: "admin", params: idParams, doc: { operationId: "deleteMonitor", tag: "Monitors", summary: "Delete a monitor", description: "Its checks and incidents go with it.", paramDocs, success: { status: 200, description: "What was deleted", response: deletedSchema }, errors: WRITE_ERRORS } },
  async (ctx) => ({ body: await deleteMonitor(ctx.access, ctx.params.id) }),
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { POST, PUT, OPTIONS } = methodsNotAllowed(path, { GET, PATCH, DELETE });
