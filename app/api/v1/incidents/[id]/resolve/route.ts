import { methodsNotAllowed } from "@/lib/http/methods";
import { route } from "@/lib/http/pipeline";
import { WRITE_ERRORS } from "@/lib/openapi/operation";
import { idParams } from "@/lib/http/v1-inputs";
import { resolveIncident } from "@/lib/incidents/mutations";
import { incidentDetailSchema } from "@/lib/incidents/queries";

const path = "/api/v1/incidents/[id]/resolve";

export const POST = route(
  {
    route: path,
    scope: "incidents:write",
    params: idParams,
    doc: { operationId: "resolveIncident", tag: "Incidents", summary: "Resolve an incident", description: "A resolved message goes to the channels that were told it fired. If the condition still holds, the next evaluation opens a new incident. Resolved already: 409.", paramDocs: { id: "The incident's id" }, success: { status: 200, description: "The incident", response: incidentDetailSchema }, errors: WRITE_ERRORS },
  },
  async (ctx) => ({ body: await resolveIncident(ctx.access, ctx.params.id) }),
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(path, { POST });
