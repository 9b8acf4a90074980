import { methodsNotAllowed } from "@/lib/http/methods";
import { route } from "@/lib/http/pipeline";
import { READ_ERRORS } from "@/lib/openapi/operation";
import { pageQuery, splitPage } from "@/lib/http/v1-inputs";
import { incidentListFilterSchema, incidentPageSchema, listIncidents } from "@/lib/incidents/queries";

const path = "/api/v1/incidents";

export const GET = route(
  {
    route: path,
    scope: "alerts:read",
    query: incidentListFilterSchema.extend(pageQuery.shape),
    doc: { operationId: "listIncidents", tag: "Incidents", summary: "List incidents", description: "Newest first, by cursor; `status=active` for open and acknowledged ones.", paramDocs: { status: "open, acknowledged, resolved, or active (open and acknowledged)", project: "A project's slug" }, success: { status: 200, description: "A page of incidents", response: incidentPageSchema, etag: true }, errors: READ_ERRORS },
  },
  async (ctx) => {
    const [filter, page] = splitPage(ctx.query);
    return { body: await listIncidents(ctx.access, filter, page) };
  },
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(path, { GET });
