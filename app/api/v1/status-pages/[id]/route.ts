import { methodsNotAllowed } from "@/lib/http/methods";
import { route } from "@/lib/http/pipeline";
import { idParams } from "@/lib/http/v1-inputs";
import { WRITE_ERRORS } from "@/lib/openapi/operation";
import { deletedSchema } from "@/lib/openapi/schemas";
import { statusPagePatchSchema } from "@/lib/status-pages/schemas";
import { deleteStatusPage, statusPageDtoSchema, updateStatusPage } from "@/lib/status-pages/store";

const path = "/api/v1/status-pages/[id]";
const paramDocs = { id: "The status page's id" };

export const PATCH = route(
  {
    route: path,
    scope: "status:write",
    role: "admin",
    params: idParams,
    body: statusPagePatchSchema,
    doc: { operationId: "updateStatusPage", tag: "Status pages", summary: "Change a status page", description: "Sending components replaces them all. published=false takes the page off the public web (404).", paramDocs, success: { status: 200, description: "The status page", response: statusPageDtoSchema }, errors: WRITE_ERRORS },
  },
  async (ctx) => ({ body: await updateStatusPage(ctx.access, ctx.params.id, ctx.body) }),
);

export const DELETE = route(
  { route: path, scope: "status:write", role: "admin", params: idParams, doc: { operationId: "deleteStatusPage", tag: "Status pages", summary: "Delete a status page", description: "Its components, posted incidents and subscribers go with it.", paramDocs, success: { status: 200, description: "What was deleted", response: deletedSchema }, errors: WRITE_ERRORS } },
  async (ctx) => ({ body: await deleteStatusPage(ctx.access, ctx.params.id) }),
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { GET, POST, PUT, OPTIONS } = methodsNotAllowed(path, { PATCH, DELETE });
