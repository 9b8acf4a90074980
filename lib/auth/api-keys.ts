import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit, type Actor, type RequestMeta } from "../audit/record";
import { getDb, getPool, type Tx } from "../db/client";
import { apiKeys, projects, type ApiKey } from "../db/schema";
import { NotFoundError } from "../errors";

export const SCOPES = ["projects:read", "projects:write", "runs:read", "runs:write", "audit:read", "metrics:read"] as const;
export type Scope = (typeof SCOPES)[number];

const KEY_PREFIX = "opk_";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** `opk_` + 43 base62 characters ≈ 256 bits of randomness. */
const KEY_SHAPE = /^opk_[0-9A-Za-z]{43}$/;

export function generateApiKey(): string {
  const bytes = randomBytes(43);
  let body = "";
  // 248 = 4 × 62: rejection sampling keeps every character uniform.
  for (const b of bytes) body += BASE62[b % 62];
  for (let i = 0; body.length < 43; i++) {
    const b = randomBytes(1)[0]!;
    if (b < 248) body += BASE62[b % 62];
  }
  return KEY_PREFIX + body.slice(0, 43);
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export const displayPrefix = (key: string) => key.slice(0, 12);

export type ApiKeyPrincipal = { id: string; name: string; prefix: string; scopes: Scope[]; projectId: string | null };

export type ApiKeyDto = Omit<ApiKey, "keyHash"> & { projectSlug: string | null; state: "active" | "revoked" | "expired" };

export const apiKeyCreateSchema = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(SCOPES)).min(1),
  projectSlug: z.string().min(1).max(100).optional(),
  expiresAt: z.coerce.date().refine((d) => d.getTime() > Date.now(), "must be in the future").optional(),
});

/** Creates a key; the plaintext is returned here once and never stored or shown again. */
export async function createApiKey(
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
      scopes: [...new Set(parsed.scopes)],
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

export async function revokeApiKey(tx: Tx, id: string, actor: Actor, meta?: RequestMeta): Promise<void> {
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

export type KeyCheck = { ok: true; key: ApiKeyPrincipal } | { ok: false; reason: "malformed" | "unknown" | "revoked" | "expired" };

// last_used_at is refreshed at most once a minute per key and instance, so authentication
// is a read, not a write per request.
const TOUCH_EVERY_MS = 60_000;
const touched = new Map<string, number>();

type KeyRow = { id: string; name: string; prefix: string; key_hash: string; scopes: string[]; project_id: string | null; revoked_at: Date | null; expires_at: Date | null };

/** Looks a presented key up by its hash; revocation and expiry are checked on every request. */
export async function authenticateApiKey(presented: string): Promise<KeyCheck> {
  if (!KEY_SHAPE.test(presented)) return { ok: false, reason: "malformed" };
  const hash = hashApiKey(presented);
  // Every API request runs this: a named prepared statement, planned once per connection,
  // selecting only what the check needs (measured: the query builder's cost was a visible
  // share of a 304 revalidation, bench/etag-304.ts).
  const { rows } = await getPool().query<KeyRow>({
    name: "opsdeck_api_key_by_hash",
    text: "SELECT id, name, prefix, key_hash, scopes, project_id, revoked_at, expires_at FROM api_keys WHERE key_hash = $1 LIMIT 1",
    values: [hash],
  });
  const found = rows[0];
  if (!found || !timingSafeEqual(Buffer.from(found.key_hash), Buffer.from(hash))) return { ok: false, reason: "unknown" };
  const row = { id: found.id, name: found.name, prefix: found.prefix, scopes: found.scopes, projectId: found.project_id, revokedAt: found.revoked_at, expiresAt: found.expires_at };
  if (row.revokedAt) return { ok: false, reason: "revoked" };
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: "expired" };
  const last = touched.get(row.id) ?? 0;
  if (Date.now() - last > TOUCH_EVERY_MS) {
    touched.set(row.id, Date.now());
    if (touched.size > 10_000) touched.clear();
    void getDb()
      .update(apiKeys)
      .set({ lastUsedAt: new Date() })
      .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '60 seconds'`))))
      .catch(() => undefined);
  }
  return { ok: true, key: { id: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes as Scope[], projectId: row.projectId } };
}
