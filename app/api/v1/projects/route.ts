import { created } from "@/lib/http/reply";
import { route } from "@/lib/http/pipeline";
import { projectListQuery, splitPage } from "@/lib/http/v1-inputs";
import { createProject } from "@/lib/projects/mutations";
import { listProjects } from "@/lib/projects/queries";
import { projectCreateSchema } from "@/lib/projects/schemas";

export const GET = route({ route: "/api/v1/projects", scope: "projects:read", query: projectListQuery }, async (ctx) => {
  const [filter, page] = splitPage(ctx.query);
  return { body: await listProjects(ctx.access, filter, page) };
});

export const POST = route({ route: "/api/v1/projects", scope: "projects:write", body: projectCreateSchema }, async (ctx) => {
  const project = await createProject(ctx.access, ctx.body);
  return created(`/api/v1/projects/${project.slug}`, project);
});
