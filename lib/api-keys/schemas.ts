import { z } from "zod";
import { SCOPES } from "../auth/scopes";

export const apiKeyCreateSchema = z.object({
  name: z.string().trim().min(1, "Name the key after what will use it.").max(100, "A key name is at most 100 characters."),
  scopes: z.array(z.enum(SCOPES, "Choose scopes from the list."), "Choose at least one scope.").min(1, "Choose at least one scope."),
  projectSlug: z.string().min(1, "Choose a project.").max(100, "Choose a project from the list.").optional(),
  expiresAt: z.coerce.date("Enter a date.").refine((d) => d.getTime() > Date.now(), "Pick an expiry date in the future.").optional(),
});

export const apiKeyRevokeSchema = z.object({ id: z.string().uuid("must be a key id") });
