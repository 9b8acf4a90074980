import "server-only";
import type { z } from "zod";
import { actorOf, type AccessContext, type ApiKeyPrincipal } from "../auth/principal";
import { authorize, recordAccessDenial } from "../auth/authorize";
import { scopesForRole } from "../auth/scopes";
import { roleAtLeast } from "../auth/roles";
import { getDb } from "../db/client";
import { ForbiddenError } from "../errors";
import { checkKeyCreationLimit } from "../ratelimit/keys";
import { apiKeyCreateSchema } from "./schemas";
import { insertApiKey } from "./store";

/**
 * Issues an API key from the console (operators and admins). An operator's key must be bound
 * to a project and may carry only scopes their own role holds; only an admin issues unbound
 * keys. Creation is rate limited per user on the "keys" class, which fails closed (503 when
 * the limiter's backend is down). The key is returned here once and never stored.
 */
export async function createApiKeyFor(ctx: AccessContext, input: z.input<typeof apiKeyCreateSchema>): Promise<{ key: string; apiKey: ApiKeyPrincipal }> {
  const me = await authorize(ctx, "operator", "api_keys:create");
  const values = apiKeyCreateSchema.parse(input);
  if (!values.projectSlug && !roleAtLeast(me.role, "admin")) {
    await recordAccessDenial(ctx, "admin", "api_keys:create_unbound");
    throw new ForbiddenError("Only an admin can create a key that is not bound to a project");
  }
  const allowed = scopesForRole(me.role);
  const excess = values.scopes.filter((s) => !allowed.includes(s));
  if (excess.length > 0) {
    await recordAccessDenial(ctx, excess.join(","), "api_keys:create_scopes", { scopes: excess });
    throw new ForbiddenError(`Your role cannot grant ${excess.join(", ")}`);
  }
  await checkKeyCreationLimit(me.id);
  return getDb().transaction((tx) => insertApiKey(tx, values, actorOf(ctx.principal), ctx.meta, me.id));
}
