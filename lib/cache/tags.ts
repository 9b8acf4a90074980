import { createHash, randomUUID } from "node:crypto";
import { getConfig } from "../config";
import { LruCache } from "./lru";
import { RedisTier } from "./redis";

// Server-side cache: L1 in this process (LRU + TTL), L2 in Redis when REDIS_URL is set
// (see redis.ts for how tags invalidate there), single-flight on misses, and invalidation
// by tag on writes, published so every instance drops its L1 entries too.
// Values must survive JSON (DTOs, not rows with Dates): an L2 hit is JSON.parse'd.

export type CacheOptions = {
  maxEntries: number;
  /** The shared tier; without it the cache is this process's alone. */
  redis?: { url: string; timeoutMs: number; namespace: string };
  now?: () => number;
};

export type CacheStats = {
  l1Hits: number;
  l2Hits: number;
  /** Calls answered by a loader (their own, or one already running for the key). */
  misses: number;
  invalidations: number;
  /** Invalidations received from other instances. */
  remoteInvalidations: number;
  l2Errors: number;
  entries: number;
};

type Outcome = { value: unknown; from: "l2" | "load" };

/**
 * Every entry also carries this tag, so "flush everything" is one tag invalidation: it drops
 * L1 here, makes every L2 entry stale, and reaches the other instances' L1 through the same
 * pub/sub message as any other invalidation.
 */
export const ALL_ENTRIES_TAG = "*";
type Flight = { promise: Promise<Outcome>; tags: readonly string[] };

export class TaggedCache {
  private readonly l1: LruCache<unknown>;
  private readonly inflight = new Map<string, Flight>();
  private readonly l2: RedisTier | undefined;
  private readonly counts = { l1Hits: 0, l2Hits: 0, misses: 0, invalidations: 0, remoteInvalidations: 0 };
  /** Bumped by every invalidation: a load that started before one must not be kept. */
  private generation = 0;

  constructor(options: CacheOptions) {
    this.l1 = new LruCache(options.maxEntries, options.now);
    this.l2 = options.redis
      ? new RedisTier(options.redis, randomUUID(), {
          onRemoteInvalidation: (tags) => {
            this.counts.remoteInvalidations++;
            this.dropLocal(tags);
          },
          onResync: () => this.flush(),
        })
      : undefined;
  }

  /** Returns the cached value for `key`, or loads it once however many callers miss together. */
  async cached<T>(key: string, given: { ttlMs: number; tags: string[] }, load: () => Promise<T>): Promise<T> {
    const options = { ttlMs: given.ttlMs, tags: [...given.tags, ALL_ENTRIES_TAG] };
    const hit = this.l1.get(key);
    if (hit !== undefined) {
      this.counts.l1Hits++;
      return hit as T;
    }
    let flight = this.inflight.get(key);
    if (!flight) {
      const started: Flight = { promise: this.fill(key, options, load), tags: options.tags };
      // Settled flights leave the map, unless an invalidation already replaced or removed them.
      started.promise.then(
        () => this.inflight.get(key) === started && this.inflight.delete(key),
        () => this.inflight.get(key) === started && this.inflight.delete(key),
      );
      this.inflight.set(key, started);
      flight = started;
    }
    let outcome: Outcome;
    try {
      outcome = await flight.promise;
    } catch (err) {
      this.counts.misses++;
      throw err;
    }
    if (outcome.from === "l2") this.counts.l2Hits++;
    else this.counts.misses++;
    return outcome.value as T;
  }

  private async fill(key: string, options: { ttlMs: number; tags: string[] }, load: () => Promise<unknown>): Promise<Outcome> {
    const generation = this.generation;
    let versions = null;
    if (this.l2) {
      const found = await this.l2.read(key, options.tags);
      if (found.hit) {
        if (this.generation === generation) this.l1.set(key, found.value, found.ttlMs > 0 ? Math.min(options.ttlMs, found.ttlMs) : options.ttlMs, options.tags);
        return { value: found.value, from: "l2" };
      }
      versions = found.versions;
    }
    const value = await load();
    // A write that invalidated while we loaded makes our result stale: serve it, but don't keep it.
    if (this.generation === generation && value !== undefined) {
      this.l1.set(key, value, options.ttlMs, options.tags);
      if (this.l2 && versions) await this.l2.write(key, value, options.ttlMs, versions);
    }
    return { value, from: "load" };
  }

  private dropLocal(tags: readonly string[]): void {
    this.generation++;
    this.l1.deleteTagged(tags);
    // Callers arriving after the write must not join a load that may have read before it.
    for (const [key, flight] of this.inflight) if (flight.tags.some((t) => tags.includes(t))) this.inflight.delete(key);
  }

  /** Drops entries carrying any of `tags` here, in L2, and (by message) in every other instance's L1. */
  async invalidateTags(tags: string[]): Promise<void> {
    this.counts.invalidations++;
    this.dropLocal(tags);
    await this.l2?.invalidate(tags);
  }

  /** Empties this instance's L1 (L2 entries expire by TTL or tag). */
  flush(): void {
    this.generation++;
    this.l1.clear();
    this.inflight.clear();
  }

  /** Drops every entry in this instance, in L2 and (by message) in every other instance. */
  async flushEverywhere(): Promise<void> {
    await this.invalidateTags([ALL_ENTRIES_TAG]);
  }

  /** The tags carried by entries in this instance's L1, with their entry counts (for the system page). */
  tagCounts(): Record<string, number> {
    return this.l1.tagCounts(ALL_ENTRIES_TAG);
  }

  stats(): CacheStats {
    return { ...this.counts, l2Errors: this.l2?.errors ?? 0, entries: this.l1.size };
  }

  /** Resolves once other instances' invalidations reach this one (immediately without Redis). */
  async subscribed(): Promise<void> {
    await this.l2?.subscribed();
  }

  close(): void {
    this.l2?.close();
  }
}

export function createCache(options: CacheOptions): TaggedCache {
  return new TaggedCache(options);
}

/**
 * L2 keys are namespaced per database, so deployments (or test databases) sharing one
 * Redis never read each other's entries. Only host, port and database name are hashed.
 */
function namespaceFor(databaseUrl: string | undefined): string {
  let where = "default";
  if (databaseUrl) {
    const u = new URL(databaseUrl);
    where = `${u.hostname}:${u.port}${u.pathname}`;
  }
  return `opsdeck:cache:${createHash("sha256").update(where).digest("hex").slice(0, 12)}`;
}

// One cache per process (one subscription), on globalThis so Next's module instances share it.
const holder = globalThis as unknown as { __opsdeckTaggedCache?: TaggedCache };

function defaultCache(): TaggedCache {
  if (!holder.__opsdeckTaggedCache) {
    const c = getConfig();
    holder.__opsdeckTaggedCache = createCache({
      maxEntries: c.CACHE_MAX_ENTRIES,
      redis: c.REDIS_URL ? { url: c.REDIS_URL, timeoutMs: c.CACHE_REDIS_TIMEOUT_MS, namespace: namespaceFor(c.DATABASE_URL) } : undefined,
    });
  }
  return holder.__opsdeckTaggedCache;
}

export function cached<T>(key: string, options: { ttlMs: number; tags: string[] }, load: () => Promise<T>): Promise<T> {
  return defaultCache().cached(key, options, load);
}

export async function invalidateTags(tags: string[]): Promise<void> {
  await defaultCache().invalidateTags(tags);
}

/** Flushes every instance (L1 by message, L2 by version) when Redis is configured, else this one. */
export async function flushAllCaches(): Promise<void> {
  await defaultCache().flushEverywhere();
}

export function cacheTagCounts(): Record<string, number> {
  return defaultCache().tagCounts();
}

export function cacheStats(): CacheStats {
  return defaultCache().stats();
}
