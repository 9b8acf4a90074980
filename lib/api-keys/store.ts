import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import type { ApiKeyPrincipal } from "../auth/principal";
import { inScopeOrder, type Scope } from "../auth/scopes";
import type { DbOrTx, Tx } from "../db/client";
import { apiKeys, projects } from "../db/schema";
import { NotFoundError } from "../errors";
import type { Actor, RequestMeta } from "../request/meta";
import type { ApiKeyDto, ApiKeyState } from "./dto";
import { apiKeyCreateSchema } from "./schemas";
import { displayPrefix, generateApiKey, hashApiKey } from "./secret";

// The api_keys table without authorization: for the CLI (which runs with the database's
// credentials), tests, and the authorizing functions (…For(ctx)) in this folder, which
// check the caller first. Pages, actions and routes never call these directly.

/** "active" unless revoked, or past its expiry at `now`. */
export function apiKeyState(key: { revokedAt: Date | null; expiresAt: Date | null }, now = new Date()): ApiKeyState {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

/** Creates a key; the plaintext is returned here once and never stored or shown again. */
export async function insertApiKey(
  tx: Tx,
  input: z.input<typeof apiKeyCreateSchema>,
  actor: Actor,
  meta?: RequestMeta,
  createdBy?: string | null,
): Promise<{ key: string; apiKey: ApiKeyPrincipal }> {
  const parsed = apiKeyCreateSchema.parse(input);
  let projectId: string | null = null;
  if (parsed.projectSlug) {
    const [project] = await tx.select({ id: projects.id }).from(projects).where(eq(projects.slug, parsed.projectSlug));
    if (!project) throw new NotFoundError(`Project ${parsed.projectSlug}`);
    projectId = project.id;
  }
  const key = generateApiKey();
  const [row] = await tx
    .insert(apiKeys)
    .values({
      name: parsed.name,
      prefix: displayPrefix(key),
      keyHash: hashApiKey(key),
      scopes: inScopeOrder(parsed.scopes),
      projectId,
      expiresAt: parsed.expiresAt ?? null,
      createdBy: createdBy ?? null,
    })
    .returning();
  await recordAudit(tx, {
    action: "api_key.create",
    actor,
    target: { type: "api_key", id: row!.id, label: `${row!.name} (${row!.prefix}…)` },
    projectId,
    changes: { name: row!.name, prefix: row!.prefix, scopes: row!.scopes, projectSlug: parsed.projectSlug ?? null, expiresAt: row!.expiresAt },
    meta,
  });
  return { key, apiKey: { id: row!.id, name: row!.name, prefix: row!.prefix, scopes: row!.scopes as Scope[], projectId } };
}

export async function revokeApiKeyRow(tx: Tx, id: string, actor: Actor, meta?: RequestMeta): Promise<void> {
  if (!z.string().uuid().safeParse(id).success) throw new NotFoundError("API key");
  const [row] = await tx
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning();
  if (!row) throw new NotFoundError("Active API key");
  await recordAudit(tx, {
    action: "api_key.revoke",
    actor,
    target: { type: "api_key", id: row.id, label: `${row.name} (${row.prefix}…)` },
    projectId: row.projectId,
    changes: { revokedAt: { from: null, to: row.revokedAt } },
    meta,
  });
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
