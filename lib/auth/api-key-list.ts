import "server-only";
import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { apiKeys, projects } from "../db/schema";
import type { ApiKeyDto } from "./api-keys";

/** "active" unless revoked, or past its expiry at `now`. */
export function apiKeyState(key: { revokedAt: Date | null; expiresAt: Date | null }, now = new Date()): ApiKeyDto["state"] {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

/**
 * Every API key, newest first, as DTOs: the fields are listed, so a new secret column
 * is never returned by accident. No authorization of its own: the
 * CLI runs with the database's credentials; a page or action must check the admin role
 * before calling it.
 */
export async function listAllApiKeys(db: DbOrTx): Promise<ApiKeyDto[]> {
  const rows = await db
    .select({ key: apiKeys, projectSlug: projects.slug })
    .from(apiKeys)
    .leftJoin(projects, eq(projects.id, apiKeys.projectId))
    .orderBy(desc(apiKeys.createdAt));
  const now = new Date();
  return rows.map(({ key, projectSlug }) => ({
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    projectId: key.projectId,
    createdBy: key.createdBy,
    createdAt: key.createdAt,
    expiresAt: key.expiresAt,
    revokedAt: key.revokedAt,
    lastUsedAt: key.lastUsedAt,
    projectSlug,
    state: apiKeyState(key, now),
  }));
}
