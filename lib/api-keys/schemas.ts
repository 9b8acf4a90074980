import { z } from "zod";
import { SCOPES } from "../auth/scopes";

export const apiKeyCreateSchema = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(SCOPES)).min(1),
  projectSlug: z.string().min(1).max(100).optional(),
  expiresAt: z.coerce.date().refine((d) => d.getTime() > Date.now(), "must be in the future").optional(),
});

export const apiKeyRevokeSchema = z.object({ id: z.string().uuid("must be a key id") });
