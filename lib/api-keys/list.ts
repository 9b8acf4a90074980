import "server-only";
import { desc, eq, isNotNull } from "drizzle-orm";
import { type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { roleAtLeast } from "../auth/roles";
import { inScopeOrder } from "../auth/scopes";
import { getDb } from "../db/client";
import { apiKeys, projects, users } from "../db/schema";
import type { ApiKeyListItem } from "./dto";
import { apiKeyState } from "./store";

/**
 * Keys for /admin/api-keys (operators and admins). An operator manages only keys bound to a
 * project, so only those are listed for them; admins see every key.
 */
export async function listApiKeysFor(ctx: AccessContext): Promise<ApiKeyListItem[]> {
  const me = await authorize(ctx, "operator", "api_keys:list");
  const rows = await getDb()
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      projectSlug: projects.slug,
      createdBy: users.email,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .leftJoin(projects, eq(projects.id, apiKeys.projectId))
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(roleAtLeast(me.role, "admin") ? undefined : isNotNull(apiKeys.projectId))
    .orderBy(desc(apiKeys.createdAt));
  const now = new Date();
  return rows.map((r) => ({
    ...r,
    scopes: inScopeOrder(r.scopes),
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    state: apiKeyState(r, now),
  }));
}
