import { created } from "@/lib/http/reply";
import { route } from "@/lib/http/pipeline";
import { projectListQuery, splitPage } from "@/lib/http/v1-inputs";
import { projectPageSchema, projectSchema } from "@/lib/projects/dto";
import { createProject } from "@/lib/projects/mutations";
import { listProjects } from "@/lib/projects/queries";
import { projectCreateSchema } from "@/lib/projects/schemas";
import { methodsNotAllowed } from "@/lib/http/methods";

export const GET = route(
  {
    route: "/api/v1/projects",
    scope: "projects:read",
    query: projectListQuery,
    doc: {
      operationId: "listProjects",
      tag: "Projects",
      summary: "List projects",
      description: "Newest first. A key bound to a project sees only that project.",
      paramDocs: { q: "Part of the name or slug" },
      success: { status: 200, description: "A page of projects", response: projectPageSchema, etag: true },
      errors: [400, 401, 403, 429],
    },
  },
  async (ctx) => {
    const [filter, page] = splitPage(ctx.query);
    return { body: await listProjects(ctx.access, filter, page) };
  },
);

export const POST = route(
  {
    route: "/api/v1/projects",
    scope: "projects:write",
    body: projectCreateSchema,
    doc: {
      operationId: "createProject",
      tag: "Projects",
      summary: "Create a project",
      description: "Keys bound to a project cannot create projects (403). A taken slug is a 409.",
      success: { status: 201, description: "The created project", response: projectSchema, location: true },
      errors: [400, 401, 403, 409, 413, 415, 422, 429],
    },
  },
  async (ctx) => {
    const project = await createProject(ctx.access, ctx.body);
    return created(`/api/v1/projects/${project.slug}`, project);
  },
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("/api/v1/projects", { GET, POST });
