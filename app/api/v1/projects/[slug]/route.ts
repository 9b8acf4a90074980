import { route } from "@/lib/http/pipeline";
import { slugParams } from "@/lib/http/v1-inputs";
import { updateProject } from "@/lib/projects/mutations";
import { getProject } from "@/lib/projects/queries";
import { projectUpdateSchema } from "@/lib/projects/schemas";

const path = "/api/v1/projects/[slug]";

export const GET = route({ route: path, scope: "projects:read", params: slugParams }, async (ctx) => ({
  body: await getProject(ctx.access, ctx.params.slug),
}));

export const PATCH = route({ route: path, scope: "projects:write", params: slugParams, body: projectUpdateSchema }, async (ctx) => ({
  body: await updateProject(ctx.access, ctx.params.slug, ctx.body),
}));
