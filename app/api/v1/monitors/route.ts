import { methodsNotAllowed } from "@/lib/http/methods";
import { route } from "@/lib/http/pipeline";
import { created } from "@/lib/http/reply";
import { READ_ERRORS, WRITE_ERRORS } from "@/lib/openapi/operation";
import { pageQuery, splitPage } from "@/lib/http/v1-inputs";
import { createMonitor, listMonitors, monitorCreatedSchema, monitorPageSchema } from "@/lib/monitors/mutations";
import { monitorInputSchema } from "@/lib/monitors/schemas";

const path = "/api/v1/monitors";

export const GET = route(
  {
    route: path,
    scope: "monitors:read",
    query: pageQuery,
    doc: { operationId: "listMonitors", tag: "Monitors", summary: "List monitors", description: "Newest first, by cursor.", success: { status: 200, description: "A page of monitors", response: monitorPageSchema, etag: true }, errors: READ_ERRORS },
  },
  async (ctx) => ({ body: await listMonitors(ctx.access, splitPage(ctx.query)[1]) }),
);

export const POST = route(
  {
    route: path,
    scope: "monitors:write",
    role: "admin",
    body: monitorInputSchema,
    doc: {
      operationId: "createMonitor",
      tag: "Monitors",
      summary: "Register a monitor",
      description: "Probes run from the console's own network, so a key bound to a project cannot create monitors (403), and only http(s) URLs without credentials are accepted.",
      success: { status: 201, description: "The monitor (a heartbeat monitor also carries its ping token, shown once)", response: monitorCreatedSchema, location: true },
      errors: WRITE_ERRORS,
    },
  },
  async (ctx) => {
    const monitor = await createMonitor(ctx.access, ctx.body);
    return created(`/api/v1/monitors/${monitor.id}`, monitor);
  },
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(path, { GET, POST });
