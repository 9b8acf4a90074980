import { methodsNotAllowed } from "@/lib/http/methods";
import { route } from "@/lib/http/pipeline";
import { READ_ERRORS } from "@/lib/openapi/operation";
import { idParams } from "@/lib/http/v1-inputs";
import { getIncident, incidentDetailSchema } from "@/lib/incidents/queries";

const path = "/api/v1/incidents/[id]";

export const GET = route(
  { route: path, scope: "alerts:read", params: idParams, doc: { operationId: "getIncident", tag: "Incidents", summary: "Get an incident with its timeline and deliveries", paramDocs: { id: "The incident's id" }, success: { status: 200, description: "The incident", response: incidentDetailSchema, etag: true }, errors: READ_ERRORS } },
  async (ctx) => ({ body: await getIncident(ctx.access, ctx.params.id) }),
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(path, { GET });
