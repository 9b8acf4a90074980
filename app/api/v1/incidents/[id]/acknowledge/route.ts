import { methodsNotAllowed } from "@/lib/http/methods";
import { route } from "@/lib/http/pipeline";
import { WRITE_ERRORS } from "@/lib/openapi/operation";
import { idParams } from "@/lib/http/v1-inputs";
import { acknowledgeIncident } from "@/lib/incidents/mutations";
import { incidentDetailSchema } from "@/lib/incidents/queries";

const path = "/api/v1/incidents/[id]/acknowledge";

export const POST = route(
  {
    route: path,
    scope: "incidents:write",
    params: idParams,
    doc: { operationId: "acknowledgeIncident", tag: "Incidents", summary: "Acknowledge an incident", description: "Repeats stop; a PagerDuty channel is told. An incident that is acknowledged or resolved already is a 409.", paramDocs: { id: "The incident's id" }, success: { status: 200, description: "The incident", response: incidentDetailSchema }, errors: WRITE_ERRORS },
  },
  async (ctx) => ({ body: await acknowledgeIncident(ctx.access, ctx.params.id) }),
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(path, { POST });
