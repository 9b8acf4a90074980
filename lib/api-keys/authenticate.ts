import { timingSafeEqual } from "node:crypto";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { ApiKeyPrincipal } from "../auth/principal";
import type { Scope } from "../auth/scopes";
import { getDb, getPool } from "../db/client";
import { apiKeys } from "../db/schema";
import { hashApiKey, KEY_SHAPE } from "./secret";

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
