import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyCache, authenticateApiKey } from "@/lib/api-keys/authenticate";
import { API_KEY_CHANNEL, type KeyCache } from "@/lib/api-keys/key-cache";
import { getConfig } from "@/lib/config";
import { directUrl } from "@/lib/db/client";
import { makeKey, revokeKey } from "./support/api";
import { until } from "./support/until";

// The per-process cache of API key rows (lib/api-keys/key-cache.ts, drizzle/0014): it saves
// the lookup round trip only while it hears every change to api_keys, so a revocation made by
// any other process (the CLI, psql, another instance) holds once its notification lands, and
// with no listener there is no cache at all. `other` is such a process: a plain connection.

let other: Client;
let cache: KeyCache<unknown>;

beforeAll(async () => {
  other = new Client({ connectionString: directUrl(getConfig()) });
  await other.connect();
  cache = apiKeyCache()!;
  await cache.ready();
});
afterAll(async () => {
  await other.end();
});

/** Revokes without firing triggers (a superuser's replication-role session): nobody is told. */
async function revokeSilently(id: string): Promise<void> {
  await other.query("BEGIN");
  await other.query("SET LOCAL session_replication_role = replica");
  await other.query("UPDATE api_keys SET revoked_at = now() WHERE id = $1", [id]);
  await other.query("COMMIT");
}

describe("the API key cache", () => {
  it("answers a known key from memory while it listens: the second check reads no row", async () => {
    const key = await makeKey();
    const before = cache.status();
    expect(await authenticateApiKey(key.key)).toMatchObject({ ok: true, key: { id: key.id } });
    expect(await authenticateApiKey(key.key)).toMatchObject({ ok: true, key: { id: key.id } });
    const after = cache.status();
    expect(after.listening).toBe(true);
    expect(after.hits - before.hits).toBe(1);
    expect(after.misses - before.misses).toBe(1);
  });

  it("refuses a key revoked by another process as soon as the notification lands (measured, under a second)", async () => {
    const key = await makeKey();
    expect((await authenticateApiKey(key.key)).ok).toBe(true);
    const heard = cache.status().notifications;
    const started = performance.now();
    await other.query("UPDATE api_keys SET revoked_at = now() WHERE id = $1", [key.id]);
    await until(async () => !(await authenticateApiKey(key.key)).ok, "the revocation to be heard", 1_000);
    const ms = performance.now() - started;
    expect(await authenticateApiKey(key.key)).toEqual({ ok: false, reason: "revoked" });
    expect(cache.status().notifications).toBeGreaterThan(heard);
    console.info(`API key cache: a revocation in another session was refused here after ${ms.toFixed(1)} ms`);
  });

  it("refuses on the next request a key revoked in this process (no wait for the notification)", async () => {
    const key = await makeKey();
    expect((await authenticateApiKey(key.key)).ok).toBe(true);
    expect((await authenticateApiKey(key.key)).ok).toBe(true); // now cached
    await revokeKey(key);
    expect(await authenticateApiKey(key.key)).toEqual({ ok: false, reason: "revoked" });
  });

  it("refuses a cached key once it expires, without any change to its row", async () => {
    const key = await makeKey({ expiresAt: new Date(Date.now() + 400) });
    expect((await authenticateApiKey(key.key)).ok).toBe(true);
    const hits = cache.status().hits;
    await until(async () => !(await authenticateApiKey(key.key)).ok, "the key to expire", 3_000);
    expect(await authenticateApiKey(key.key)).toEqual({ ok: false, reason: "expired" });
    expect(cache.status().hits).toBeGreaterThan(hits); // it was the cached row that expired
  });

  it("is told of scope changes, deletions and truncations, but not of last_used_at touches (the trigger, heard by a listener of our own)", async () => {
    const key = await makeKey();
    const listener = new Client({ connectionString: directUrl(getConfig()) });
    await listener.connect();
    const heard: string[] = [];
    listener.on("notification", (m) => m.channel === API_KEY_CHANNEL && heard.push(m.payload ?? ""));
    await listener.query(`LISTEN ${API_KEY_CHANNEL}`);
    let markers = 0;
    /** The payloads `statement` notified: notifications arrive in commit order, so all of them precede the marker sent after it. */
    const notifiedBy = async (statement: string, values: unknown[] = []) => {
      const marker = `marker-${markers++}`;
      const from = heard.length;
      await other.query(statement, values);
      await other.query("SELECT pg_notify($1, $2)", [API_KEY_CHANNEL, marker]);
      await until(() => heard.includes(marker), "the marker notification", 2_000);
      return heard.slice(from, heard.indexOf(marker));
    };
    try {
      expect(await notifiedBy("UPDATE api_keys SET last_used_at = now() WHERE id = $1", [key.id])).toEqual([]);
      expect(await notifiedBy("UPDATE api_keys SET scopes = '{projects:read}' WHERE id = $1", [key.id])).toEqual([key.id]);
      expect(await notifiedBy("DELETE FROM api_keys WHERE id = $1", [key.id])).toEqual([key.id]);
      expect(await authenticateApiKey(key.key)).toEqual({ ok: false, reason: "unknown" });
      // A rolled-back change notifies nothing; a committed TRUNCATE (of this file's own database) says "everything".
      await other.query("BEGIN");
      await other.query("UPDATE api_keys SET revoked_at = now()");
      await other.query("ROLLBACK");
      expect(await notifiedBy("SELECT 1")).toEqual([]);
      expect(await notifiedBy("TRUNCATE api_keys CASCADE")).toEqual(["*"]);
    } finally {
      await listener.end();
    }
  });

  it("does not keep a row read before the cache was emptied", async () => {
    const key = await makeKey();
    const generation = cache.generation();
    cache.forget();
    cache.store("a-hash", { id: key.id }, generation);
    expect(cache.get("a-hash")).toBeUndefined();
    cache.store("a-hash", { id: key.id }, cache.generation());
    expect(cache.get("a-hash")).toEqual({ id: key.id });
  });

  it("without its listener there is no cache: a change nobody announced is seen at once, and after reconnecting too", async () => {
    const key = await makeKey();
    expect((await authenticateApiKey(key.key)).ok).toBe(true);
    // The cache is real: a revocation that bypasses the trigger is not seen while it listens…
    await revokeSilently(key.id);
    expect((await authenticateApiKey(key.key)).ok).toBe(true);

    // …so losing the listener must switch it off, not leave it serving.
    const connections = cache.status().connections;
    const { rowCount } = await other.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'opsdeck key cache'");
    expect(rowCount).toBe(1);
    await until(() => !cache.status().listening, "the cache to notice its listener is gone", 5_000);
    expect(cache.status().entries).toBe(0);
    expect(await authenticateApiKey(key.key)).toEqual({ ok: false, reason: "revoked" });

    await until(() => cache.status().listening, "the listener to reconnect", 5_000);
    expect(cache.status().connections).toBe(connections + 1);
    expect(await authenticateApiKey(key.key)).toEqual({ ok: false, reason: "revoked" });
  });
});
