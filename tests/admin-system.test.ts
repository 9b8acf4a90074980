import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cached, cacheStats, createCache, type TaggedCache } from "@/lib/cache/tags";
import { getDb } from "@/lib/db/client";
import { apiKeys } from "@/lib/db/schema";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { registerJob, runJobOnce } from "@/lib/jobs/scheduler";
import { checkRateLimit, policies } from "@/lib/ratelimit/policies";
import { countSignInFailure } from "@/lib/ratelimit/signin";
import { flushCacheAs, readCacheOverview } from "@/lib/system/cache-controls";
import { apiKeyCache, authenticateApiKey } from "@/lib/api-keys/authenticate";
import { listBackgroundJobs } from "@/lib/system/jobs";
import { readRateLimitState, resetRateLimitState } from "@/lib/system/rate-limits";
import { auditEventsFor, makeKey, unique } from "./support/api";
import { userAccess } from "./support/users";
import { testRedis, type TestRedis } from "./setup/redis";

describe("rate-limit state and reset (lib/system/rate-limits)", () => {
  it("shows what an API key has left in each class, found by its prefix, and resets it (audited)", async () => {
    const admin = await userAccess("admin");
    const key = await makeKey();
    const [{ prefix }] = (await getDb().select({ prefix: apiKeys.prefix }).from(apiKeys).where(eq(apiKeys.id, key.id))) as [{ prefix: string }];
    for (let i = 0; i < 3; i++) await checkRateLimit("read", `key:${key.id}`);
    const state = await readRateLimitState(admin, { kind: "key", value: `${prefix}…` });
    const read = state.counters.find((c) => c.policy === "read")!;
    expect(read).toMatchObject({ limit: policies().read.max, remaining: policies().read.max - 3, resetAt: expect.any(String) });
    expect(state.counters.find((c) => c.policy === "write")).toMatchObject({ remaining: policies().write.max, resetAt: null });

    const after = await resetRateLimitState(admin, { kind: "key", value: key.id });
    expect(after.counters.find((c) => c.policy === "read")!.remaining).toBe(policies().read.max);
    const [event] = await auditEventsFor("ratelimit.reset", key.id);
    expect(event).toMatchObject({ actorId: admin.id, targetType: "ratelimit_key", requestId: admin.meta.requestId });
    expect(event!.changes).toEqual({ policies: ["read", "write", "batch"] });
  });

  it("shows and resets an IP's failed sign-ins", async () => {
    const admin = await userAccess("admin");
    await countSignInFailure("someone@example.com", "198.51.100.7");
    await countSignInFailure("someone-else@example.com", "198.51.100.7");
    const state = await readRateLimitState(admin, { kind: "ip", value: "198.51.100.7" });
    expect(state.counters).toEqual([expect.objectContaining({ policy: "signin-ip", remaining: state.counters[0]!.limit - 2 })]);
    const after = await resetRateLimitState(admin, { kind: "ip", value: "198.51.100.7" });
    expect(after.counters[0]!.remaining).toBe(after.counters[0]!.limit);
  });

  it("refuses non-admins (audited) and answers 404 for an unknown key", async () => {
    const operator = await userAccess("operator");
    await expect(resetRateLimitState(operator, { kind: "ip", value: "198.51.100.7" })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await auditEventsFor("authz.denied")).some((e) => e.actorId === operator.id)).toBe(true);
    expect(await auditEventsFor("ratelimit.reset", "198.51.100.7")).toHaveLength(1); // only the admin's, above
    await expect(readRateLimitState(await userAccess("admin"), { kind: "key", value: "opk_nothere00" })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("cache statistics and flush (lib/system/cache-controls)", () => {
  it("reports this instance's counters and tags, and flushes one tag or everything (audited)", async () => {
    const admin = await userAccess("admin");
    await cached("a", { ttlMs: 60_000, tags: ["projects"] }, async () => 1);
    await cached("b", { ttlMs: 60_000, tags: ["runs:p1"] }, async () => 2);
    const overview = await readCacheOverview(admin);
    expect(overview.tags).toEqual(expect.arrayContaining([{ tag: "projects", entries: 1 }, { tag: "runs:p1", entries: 1 }]));
    expect(overview.tags.map((t) => t.tag)).not.toContain("*");
    await apiKeyCache()!.ready();
    expect((await readCacheOverview(admin)).apiKeys).toMatchObject({ listening: true });

    await flushCacheAs(admin, { tag: "projects" });
    expect((await readCacheOverview(admin)).tags.map((t) => t.tag)).toEqual(["runs:p1"]);
    const key = await makeKey();
    expect((await authenticateApiKey(key.key)).ok).toBe(true);
    expect(apiKeyCache()!.status().entries).toBeGreaterThan(0);
    await flushCacheAs(admin, { all: true });
    expect(cacheStats().entries).toBe(0);
    expect(apiKeyCache()!.status().entries).toBe(0);
    const events = await auditEventsFor("cache.flush");
    expect(events.map((e) => e.targetId)).toEqual(["projects", "all"]);
  });

  it("refuses a malformed tag and a non-admin, and records nothing", async () => {
    await expect(flushCacheAs(await userAccess("admin"), { tag: "no spaces please" })).rejects.toThrow();
    await expect(flushCacheAs(await userAccess("operator"), { all: true })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await auditEventsFor("cache.flush")).toHaveLength(2); // the two from the test above
  });

  describe("across instances sharing Redis", () => {
    let redis: TestRedis;
    const caches: TaggedCache[] = [];
    beforeAll(async () => {
      redis = await testRedis();
    });
    afterAll(async () => {
      for (const c of caches) c.close();
      await redis.stop();
    });

    it("flushing everything in one instance empties the other's memory and makes the shared tier stale", async () => {
      const namespace = `opsdeck:test:${unique("ns")}`;
      const instance = async () => {
        const c = createCache({ maxEntries: 100, redis: { url: redis.url, timeoutMs: 1_000, namespace } });
        caches.push(c);
        await c.subscribed();
        return c;
      };
      const [a, b] = [await instance(), await instance()];
      let version = 1;
      const load = async () => ({ version });
      await a.cached("x", { ttlMs: 60_000, tags: ["projects"] }, load);
      await b.cached("y", { ttlMs: 60_000, tags: ["runs"] }, load);
      expect(await b.cached("x", { ttlMs: 60_000, tags: ["projects"] }, async () => ({ version: -1 }))).toEqual({ version: 1 }); // from L2

      version = 2;
      await a.flushEverywhere();
      await vi.waitFor(() => expect(b.stats().entries).toBe(0), { timeout: 2_000 });
      expect(a.stats().entries).toBe(0);
      // Not served from the shared tier any more: both reload.
      expect(await b.cached("x", { ttlMs: 60_000, tags: ["projects"] }, load)).toEqual({ version: 2 });
      expect(await a.cached("y", { ttlMs: 60_000, tags: ["runs"] }, load)).toEqual({ version: 2 });
    });
  });
});

describe("background jobs (lib/system/jobs)", () => {
  it("lists registered jobs with their last run and lock holder, for admins only", async () => {
    const name = unique("job");
    registerJob({ name, intervalMs: 60_000, run: async () => undefined });
    const admin = await userAccess("admin");
    expect((await listBackgroundJobs(admin)).find((j) => j.name === name)).toMatchObject({ registered: true, lastStartedAt: null, runCount: 0 });
    expect(await runJobOnce(name)).toBe("ran");
    expect((await listBackgroundJobs(admin)).find((j) => j.name === name)).toMatchObject({ lastStatus: "ok", holder: null, runCount: 1, lastStartedAt: expect.any(String), intervalMs: 60_000 });
    await expect(listBackgroundJobs(await userAccess("viewer"))).rejects.toBeInstanceOf(ForbiddenError);
  });
});
