import { methodsNotAllowed } from "@/lib/http/methods";
import { route } from "@/lib/http/pipeline";
import { created } from "@/lib/http/reply";
import { READ_ERRORS, WRITE_ERRORS } from "@/lib/openapi/operation";
import { statusPageInputSchema } from "@/lib/status-pages/schemas";
import { createStatusPage, listStatusPages, statusPageDtoSchema, statusPageListSchema } from "@/lib/status-pages/store";

const path = "/api/v1/status-pages";

export const GET = route(
  {
    route: path,
    scope: "status:write",
    doc: { operationId: "listStatusPages", tag: "Status pages", summary: "List status pages", description: "Every page, published or not, with its components.", success: { status: 200, description: "The status pages", response: statusPageListSchema, etag: true }, errors: READ_ERRORS },
  },
  async (ctx) => ({ body: { data: await listStatusPages(ctx.access) } }),
);

export const POST = route(
  {
    route: path,
    scope: "status:write",
    role: "admin",
    body: statusPageInputSchema,
    doc: {
      operationId: "createStatusPage",
      tag: "Status pages",
      summary: "Create a status page",
      description: "A public page at /status/{slug}: components are display names over monitors, in groups. It decides what the public sees, so only an admin or a key not bound to a project may create one.",
      success: { status: 201, description: "The status page", response: statusPageDtoSchema, location: true },
      errors: WRITE_ERRORS,
    },
  },
  async (ctx) => {
    const page = await createStatusPage(ctx.access, ctx.body);
    return created(`/api/v1/status-pages/${page.id}`, page);
  },
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(path, { GET, POST });
