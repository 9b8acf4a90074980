import { methodsNotAllowed } from "@/lib/http/methods";
import { route } from "@/lib/http/pipeline";
import { idParams } from "@/lib/http/v1-inputs";
import { WRITE_ERRORS } from "@/lib/openapi/operation";
import { statusUpdateInputSchema } from "@/lib/status-pages/schemas";
import { postStatusUpdate, statusUpdateResultSchema } from "@/lib/status-pages/updates";

const path = "/api/v1/status-pages/[id]/updates";

export const POST = route(
  {
    route: path,
    scope: "status:write",
    params: idParams,
    body: statusUpdateInputSchema,
    doc: {
      operationId: "postStatusUpdate",
      tag: "Status pages",
      summary: "Post an incident or maintenance update",
      description: "Without statusIncidentId, opens an incident (investigating → identified → monitoring → resolved) or a maintenance (scheduled → in_progress → completed, with its window); with it, moves that one. Optionally linked to an Opsdeck incident. Confirmed subscribers are mailed.",
      paramDocs: { id: "The status page's id" },
      success: { status: 201, description: "The update as posted", response: statusUpdateResultSchema },
      errors: WRITE_ERRORS,
    },
  },
  async (ctx) => ({ status: 201, body: await postStatusUpdate(ctx.access, ctx.params.id, ctx.body) }),
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(path, { POST });
