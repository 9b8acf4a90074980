import { timingSafeEqual } from "node:crypto";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { ApiKeyPrincipal } from "../auth/principal";
import type { Scope } from "../auth/scopes";
import { getConfig } from "../config";
import { closeWithDb, directUrl, getDb, getPool } from "../db/client";
import { apiKeys } from "../db/schema";
import { KeyCache } from "./key-cache";
import { hashApiKey, KEY_SHAPE } from "./secret";

export type KeyCheck = { ok: true; key: ApiKeyPrincipal } | { ok: false; reason: "malformed" | "unknown" | "revoked" | "expired" };

// last_used_at is refreshed at most once a minute per key and instance, so authentication
// is a read, not a write per request.
const TOUCH_EVERY_MS = 60_000;
const touched = new Map<string, number>();

type KeyRow = { id: string; name: string; prefix: string; key_hash: string; scopes: string[]; project_id: string | null; revoked_at: Date | null; expires_at: Date | null };

const holder = globalThis as unknown as { __opsdeckKeyCache?: KeyCache<KeyRow> };

/** This process's cache of found key rows (key-cache.ts: used only while it listens for changes). */
export function apiKeyCache(): KeyCache<KeyRow> | undefined {
  if (!holder.__opsdeckKeyCache) {
    const config = getConfig();
    // Session-level LISTEN: on DATABASE_DIRECT_URL behind a transaction-mode pooler.
    const url = directUrl(config);
    if (!url) return undefined;
    const cache = new KeyCache<KeyRow>({ connectionString: url, connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS });
    holder.__opsdeckKeyCache = cache;
    closeWithDb(async () => {
      if (holder.__opsdeckKeyCache === cache) holder.__opsdeckKeyCache = undefined;
      await cache.close();
    });
    cache.start();
  }
  return holder.__opsdeckKeyCache;
}

/**
 * Empties this process's key cache: after a revocation here commits, so it holds on the very
 * next request (other processes hear the trigger's notification).
 */
export function forgetCachedApiKeys(): void {
  holder.__opsdeckKeyCache?.forget();
}

async function lookUp(hash: string): Promise<KeyRow | undefined> {
  const cache = apiKeyCache();
  const generation = cache?.generation() ?? 0;
  const cached = cache?.get(hash);
  if (cached) return cached;
  // Every uncached API request runs this: a named prepared statement, planned once per
  // connection, selecting only what the check needs (measured: the query builder's cost was
  // a visible share of a 304 revalidation, bench/etag-304.ts).
  const { rows } = await getPool().query<KeyRow>({
    name: "opsdeck_api_key_by_hash",
    text: "SELECT id, name, prefix, key_hash, scopes, project_id, revoked_at, expires_at FROM api_keys WHERE key_hash = $1 LIMIT 1",
    values: [hash],
  });
  const found = rows[0];
  // Revoked and expired rows are kept too (a refused key retried in a loop costs nothing);
  // an unknown hash is not, so guessing cannot fill the cache.
  if (found) cache?.store(hash, found, generation);
  return found;
}

/**
 * Looks a presented key up by its hash; revocation and expiry are checked on every request,
 * against the row or this process's cached copy of it (kept only while changes are heard).
 */
export async function authenticateApiKey(presented: string): Promise<KeyCheck> {
  if (!KEY_SHAPE.test(presented)) return { ok: false, reason: "malformed" };
  const hash = hashApiKey(presented);
  const found = await lookUp(hash);
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
