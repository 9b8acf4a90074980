import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { actorOf, type AccessContext } from "../auth/principal";
import { authorize, recordAccessDenial } from "../auth/authorize";
import { roleAtLeast } from "../auth/roles";
import { getDb } from "../db/client";
import { apiKeys } from "../db/schema";
import { ForbiddenError, NotFoundError } from "../errors";
import { forgetCachedApiKeys } from "./authenticate";
import { apiKeyRevokeSchema } from "./schemas";
import { revokeApiKeyRow } from "./store";

/**
 * Revokes a key (operators: keys bound to a project; admins: any). The next request with it
 * is refused with 401 by this instance, and by the others as soon as they hear the change. Revoking an already revoked key is a 404, like an unknown one.
 */
export async function revokeApiKeyFor(ctx: AccessContext, input: z.input<typeof apiKeyRevokeSchema>): Promise<{ id: string }> {
  const me = await authorize(ctx, "operator", "api_keys:revoke");
  const { id } = apiKeyRevokeSchema.parse(input);
  const [key] = await getDb().select({ projectId: apiKeys.projectId }).from(apiKeys).where(eq(apiKeys.id, id));
  if (!key) throw new NotFoundError("API key");
  if (!key.projectId && !roleAtLeast(me.role, "admin")) {
    await recordAccessDenial(ctx, "admin", "api_keys:revoke_unbound");
    throw new ForbiddenError("Only an admin can revoke a key that is not bound to a project");
  }
  await getDb().transaction((tx) => revokeApiKeyRow(tx, id, actorOf(ctx.principal), ctx.meta));
  // Committed: refused here from the next request on (elsewhere once the notification lands).
  forgetCachedApiKeys();
  return { id };
}
