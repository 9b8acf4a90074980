import { methodsNotAllowed } from "@/lib/http/methods";
import { route } from "@/lib/http/pipeline";
import { WRITE_ERRORS } from "@/lib/openapi/operation";
import { idParams } from "@/lib/http/v1-inputs";
import { deleteSilence } from "@/lib/alerts/silences";
import { deletedSchema } from "@/lib/openapi/schemas";

const path = "/api/v1/silences/[id]";

export const DELETE = route(
  { route: path, scope: "alerts:write", params: idParams, doc: { operationId: "deleteSilence", tag: "Alerts", summary: "End a silence or maintenance window now", paramDocs: { id: "The silence's id" }, success: { status: 200, description: "What was ended", response: deletedSchema }, errors: WRITE_ERRORS } },
  async (ctx) => ({ body: await deleteSilence(ctx.access, ctx.params.id) }),
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { GET, POST, PUT, PATCH, OPTIONS } = methodsNotAllowed(path, { DELETE });
