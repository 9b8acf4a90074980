import { route } from "@/lib/http/pipeline";
import { slugParams } from "@/lib/http/v1-inputs";
import { READ_ERRORS, WRITE_ERRORS } from "@/lib/openapi/operation";
import { projectSchema } from "@/lib/projects/dto";
import { updateProject } from "@/lib/projects/mutations";
import { getProject } from "@/lib/projects/queries";
import { projectUpdateSchema } from "@/lib/projects/schemas";
import { methodsNotAllowed } from "@/lib/http/methods";

const path = "/api/v1/projects/[slug]";

export const GET = route(
  {
    route: path,
    scope: "projects:read",
    params: slugParams,
    doc: {
      operationId: "getProject",
      tag: "Projects",
      summary: "Get a project",
      success: { status: 200, description: "The project", response: projectSchema, etag: true },
      errors: READ_ERRORS,
    },
  },
  async (ctx) => ({ body: await getProject(ctx.access, ctx.params.slug) }),
);

export const PATCH = route(
  {
    route: path,
    scope: "projects:write",
    params: slugParams,
    body: projectUpdateSchema,
    doc: {
      operationId: "updateProject",
      tag: "Projects",
      summary: "Update or archive a project",
      description: "Rename, describe, archive (`archived: true`) or unarchive.",
      success: { status: 200, description: "The updated project", response: projectSchema },
      errors: WRITE_ERRORS,
    },
  },
  async (ctx) => ({ body: await updateProject(ctx.access, ctx.params.slug, ctx.body) }),
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { POST, PUT, DELETE, OPTIONS } = methodsNotAllowed("/api/v1/projects/[slug]", { GET, PATCH });
