import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createCache, type TaggedCache } from "@/lib/cache/tags";
import { REDIS_OUTAGES, testRedis, useRedisOutage, type TestRedis } from "./setup/redis";

const namespace = () => `opsdeck:test:cache:${randomBytes(6).toString("hex")}`;

function counter<T>(value: () => T) {
  const load = async () => {
    load.calls++;
    return value();
  };
  load.calls = 0;
  return load;
}

describe("L1 cache", () => {
  it("expires an entry after its TTL", async () => {
    let now = 1_000_000;
    const cache = createCache({ maxEntries: 10, now: () => now });
    const load = counter(() => "v");
    await cache.cached("k", { ttlMs: 1_000, tags: [] }, load);
    now += 999;
    await cache.cached("k", { ttlMs: 1_000, tags: [] }, load);
    expect(load.calls).toBe(1);
    now += 2;
    await cache.cached("k", { ttlMs: 1_000, tags: [] }, load);
    expect(load.calls).toBe(2);
  });

  it("evicts the least recently used entry when full", async () => {
    const cache = createCache({ maxEntries: 2 });
    const loads = { a: counter(() => "a"), b: counter(() => "b"), c: counter(() => "c") };
    const get = (k: keyof typeof loads) => cache.cached(k, { ttlMs: 60_000, tags: [] }, loads[k]);
    await get("a");
    await get("b");
    await get("a"); // a is now the most recent
    await get("c"); // evicts b
    await get("a");
    await get("b");
    expect([loads.a.calls, loads.b.calls, loads.c.calls]).toEqual([1, 2, 1]);
    expect(cache.stats().entries).toBe(2);
  });

  it("runs the loader once for 100 concurrent misses", async () => {
    const cache = createCache({ maxEntries: 10 });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const load = vi.fn(async () => {
      await gate;
      return { answer: 42 };
    });
    const pending = Array.from({ length: 100 }, () => cache.cached("k", { ttlMs: 60_000, tags: [] }, load));
    release();
    const values = await Promise.all(pending);
    expect(load).toHaveBeenCalledTimes(1);
    expect(new Set(values).size).toBe(1);
    expect(cache.stats()).toMatchObject({ misses: 100, l1Hits: 0 });
    await cache.cached("k", { ttlMs: 60_000, tags: [] }, load);
    expect(cache.stats().l1Hits).toBe(1);
  });

  it("drops only the entries carrying an invalidated tag", async () => {
    const cache = createCache({ maxEntries: 10 });
    const runs = counter(() => "runs");
    const projects = counter(() => "projects");
    await cache.cached("runs:p1", { ttlMs: 60_000, tags: ["runs", "project:1"] }, runs);
    await cache.cached("projects", { ttlMs: 60_000, tags: ["projects"] }, projects);
    await cache.invalidateTags(["project:1"]);
    await cache.cached("runs:p1", { ttlMs: 60_000, tags: ["runs", "project:1"] }, runs);
    await cache.cached("projects", { ttlMs: 60_000, tags: ["projects"] }, projects);
    expect([runs.calls, projects.calls]).toEqual([2, 1]);
    expect(cache.stats().invalidations).toBe(1);
  });

  it("serves but does not keep a value loaded while an invalidation ran", async () => {
    const cache = createCache({ maxEntries: 10 });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = cache.cached("k", { ttlMs: 60_000, tags: ["t"] }, async () => {
      await gate;
      return "before the write";
    });
    await cache.invalidateTags(["t"]);
    // A caller arriving after the write starts its own load instead of joining the old one.
    const fresh = cache.cached("k", { ttlMs: 60_000, tags: ["t"] }, async () => "after the write");
    release();
    expect(await slow).toBe("before the write");
    expect(await fresh).toBe("after the write");
    expect(await cache.cached("k", { ttlMs: 60_000, tags: ["t"] }, async () => "reloaded")).toBe("after the write");
  });

  it("lets every waiting caller see a loader's error, and caches nothing", async () => {
    const cache = createCache({ maxEntries: 10 });
    const failing = async () => {
      throw new Error("database down");
    };
    const results = await Promise.allSettled([cache.cached("k", { ttlMs: 1_000, tags: [] }, failing), cache.cached("k", { ttlMs: 1_000, tags: [] }, failing)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(await cache.cached("k", { ttlMs: 1_000, tags: [] }, async () => "ok")).toBe("ok");
  });
});

describe("L2 in Redis, shared by instances", () => {
  let redis: TestRedis;
  const caches: TaggedCache[] = [];
  const instance = async (ns: string, timeoutMs = 1_000) => {
    const cache = createCache({ maxEntries: 100, redis: { url: redis.url, timeoutMs, namespace: ns } });
    caches.push(cache);
    await cache.subscribed();
    return cache;
  };

  beforeAll(async () => {
    redis = await testRedis();
  });
  afterAll(async () => {
    for (const cache of caches) cache.close();
    await redis.stop();
  });

  it("answers a second instance's miss from L2 without running its loader", async () => {
    const ns = namespace();
    const [a, b] = [await instance(ns), await instance(ns)];
    const loadA = counter(() => ({ name: "shared" }));
    const loadB = counter(() => ({ name: "not used" }));
    await a.cached("project:1", { ttlMs: 60_000, tags: ["projects"] }, loadA);
    expect(await b.cached("project:1", { ttlMs: 60_000, tags: ["projects"] }, loadB)).toEqual({ name: "shared" });
    expect(loadB.calls).toBe(0);
    expect(b.stats()).toMatchObject({ l2Hits: 1, misses: 0, entries: 1 });
    await b.cached("project:1", { ttlMs: 60_000, tags: ["projects"] }, loadB);
    expect(b.stats().l1Hits).toBe(1);
  });

  it("an invalidation in one instance drops the entry from the other's L1 and from L2", async () => {
    const ns = namespace();
    const [a, b] = [await instance(ns), await instance(ns)];
    let version = 1;
    const load = counter(() => ({ version }));
    await a.cached("runs", { ttlMs: 60_000, tags: ["runs"] }, load);
    await b.cached("runs", { ttlMs: 60_000, tags: ["runs"] }, load); // L2 hit, now in b's L1
    expect(load.calls).toBe(1);

    version = 2;
    await a.invalidateTags(["runs"]);
    await vi.waitFor(() => expect(b.stats().remoteInvalidations).toBe(1), { timeout: 2_000 });
    expect(b.stats().entries).toBe(0);
    expect(await b.cached("runs", { ttlMs: 60_000, tags: ["runs"] }, load)).toEqual({ version: 2 });
    expect(load.calls).toBe(2);
    // b's fresh value is in L2 under the new version, so a reads it rather than loading.
    expect(await a.cached("runs", { ttlMs: 60_000, tags: ["runs"] }, load)).toEqual({ version: 2 });
    expect(load.calls).toBe(2);
    expect(a.stats().remoteInvalidations).toBe(0); // its own message is not applied twice
  });

  it("keeps instances with different namespaces apart", async () => {
    const [a, b] = [await instance(namespace()), await instance(namespace())];
    await a.cached("k", { ttlMs: 60_000, tags: [] }, async () => "a");
    expect(await b.cached("k", { ttlMs: 60_000, tags: [] }, async () => "b")).toBe("b");
  });
});

describe.each(REDIS_OUTAGES)("when the cache's Redis is %s", (_label, start) => {
  const targetUrl = useRedisOutage(start);
  let cache: TaggedCache;
  beforeAll(() => {
    cache = createCache({ maxEntries: 10, redis: { url: targetUrl(), timeoutMs: 100, namespace: namespace() } });
  });
  afterAll(() => {
    cache.close();
  });

  it("falls back to the loader within the timeout and counts the error", async () => {
    const started = Date.now();
    expect(await cache.cached("k", { ttlMs: 60_000, tags: ["t"] }, async () => "from the database")).toBe("from the database");
    expect(Date.now() - started).toBeLessThan(100 + 1_000);
    expect(cache.stats()).toMatchObject({ misses: 1, l2Errors: 1, entries: 1 });
    const invalidating = Date.now();
    await cache.invalidateTags(["t"]);
    expect(Date.now() - invalidating).toBeLessThan(100 + 1_000);
    expect(cache.stats().entries).toBe(0);
  });
});
