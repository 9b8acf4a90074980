import { randomBytes } from "node:crypto";
import type IORedis from "ioredis";
import { connectRedis, describeError, whenReady, withTimeout } from "../redis/connection";
import { log } from "../log/logger";

// The cache's shared tier (L2) in Redis, and the channel that tells other instances to drop
// their L1 entries.
//
// Tag invalidation in L2 uses a version per tag (`<ns>:t:<tag>`), not a SET of keys per
// tag: each entry is stored with the versions of its tags at the time its loader
// *started*, and a read compares them with the current versions in the same round trip
// (GET entry + MGET versions, pipelined). Invalidating is one SET per tag, O(1) however
// many entries carry the tag; stale entries are never enumerated, they just stop matching
// and expire by TTL. A value loaded while an invalidation ran carries the old version and is
// born stale, so a slow loader cannot put pre-write data back. (A SET of keys per tag would
// need SADD on every write, a read of the whole set on invalidation, and cleanup of members
// whose entries expired.) Versions are random and never reused, and a missing version key
// (never written, expired after a week, evicted) is given a fresh random one before use, so
// no entry can match a version it was not stored under: an expired or evicted version only
// costs one miss per entry.
// Cross-instance L1 invalidation is pub/sub, which is at-most-once: after a reconnect we
// cannot know what we missed, so the whole L1 is dropped (onResync).

export type RedisTierOptions = { url: string; namespace: string; timeoutMs: number };
export type TagVersions = Record<string, string>;
export type L2Read = { hit: true; value: unknown; ttlMs: number } | { hit: false; versions: TagVersions | null };

type Entry = { t: TagVersions; v: unknown };

const VERSION_TTL_MS = 7 * 24 * 3600 * 1000;
const newVersion = () => `${Date.now().toString(36)}.${randomBytes(6).toString("hex")}`;
type Invalidation = { origin: string; tags: string[] };

export class RedisTier {
  private readonly client: IORedis;
  private readonly subscriber: IORedis;
  private readonly channel: string;
  private readonly subscribedOnce: Promise<void>;
  private failing = false;
  errors = 0;

  constructor(
    private readonly options: RedisTierOptions,
    private readonly instanceId: string,
    handlers: { onRemoteInvalidation: (tags: string[]) => void; onResync: () => void },
  ) {
    this.client = connectRedis(options.url, options.timeoutMs, "opsdeck-cache");
    // A subscribed connection can run nothing else, hence a second one. We subscribe on
    // every "ready" ourselves, so ioredis's own resubscription is off.
    this.subscriber = connectRedis(options.url, options.timeoutMs, "opsdeck-cache-sub", { autoResubscribe: false });
    this.channel = `${options.namespace}:invalidate`;
    let readyBefore = false;
    let resolveSubscribed: () => void = () => undefined;
    this.subscribedOnce = new Promise((resolve) => (resolveSubscribed = resolve));
    this.subscriber.on("ready", () => {
      if (readyBefore) handlers.onResync();
      readyBefore = true;
      this.subscriber.subscribe(this.channel).then(resolveSubscribed, (err: unknown) => this.failed("subscribe", err));
    });
    this.subscriber.on("message", (channel: string, message: string) => {
      if (channel !== this.channel) return;
      try {
        const event = JSON.parse(message) as Invalidation;
        if (event.origin !== this.instanceId && Array.isArray(event.tags)) handlers.onRemoteInvalidation(event.tags.map(String));
      } catch {
        // Not ours to understand; ignore.
      }
    });
    // Connect both now rather than on the first read, so that read is not the one to wait;
    // failures are retried in the background and logged by connectRedis.
    this.client.connect().catch(() => undefined);
    this.subscriber.connect().catch(() => undefined);
  }

  /** Resolves once this instance listens for other instances' invalidations (tests, readiness). */
  subscribed(): Promise<void> {
    return this.subscribedOnce;
  }

  private entryKey = (key: string) => `${this.options.namespace}:e:${key}`;
  private tagKey = (tag: string) => `${this.options.namespace}:t:${tag}`;

  private failed(operation: string, err: unknown): void {
    this.errors++;
    // One line when the tier starts failing, not one per request while it stays down.
    if (!this.failing) log("cache").warn({ operation, error: describeError(err) }, "redis cache failed, serving from the loader");
    this.failing = true;
  }

  private async bounded<T>(operation: string, work: () => Promise<T>): Promise<T> {
    const result = await withTimeout(
      whenReady(this.client, this.options.timeoutMs).then(work),
      this.options.timeoutMs,
      `cache redis ${operation}`,
    );
    this.failing = false;
    return result;
  }

  /** The entry if its tag versions are current; otherwise the versions to store a fresh value with (null when Redis failed). */
  async read(key: string, tags: readonly string[]): Promise<L2Read> {
    try {
      const replies = await this.bounded("read", async () => {
        const pipeline = this.client.pipeline().get(this.entryKey(key)).pttl(this.entryKey(key));
        if (tags.length > 0) pipeline.mget(...tags.map(this.tagKey));
        return (await pipeline.exec()) ?? [];
      });
      for (const [err] of replies) if (err) throw err;
      const [raw, pttl, current] = replies.map(([, value]) => value) as [string | null, number, (string | null)[] | undefined];
      const versions: TagVersions = {};
      const missing: string[] = [];
      tags.forEach((tag, i) => {
        const version = current?.[i];
        if (version == null) missing.push(tag);
        else versions[tag] = version;
      });
      if (missing.length > 0) Object.assign(versions, await this.createVersions(missing));
      if (raw !== null) {
        const entry = JSON.parse(raw) as Entry;
        if (tags.every((tag) => entry.t[tag] === versions[tag])) return { hit: true, value: entry.v, ttlMs: pttl };
      }
      return { hit: false, versions };
    } catch (err) {
      this.failed("read", err);
      return { hit: false, versions: null };
    }
  }

  /** Gives tags without a version one (SET NX: if another instance just did, theirs wins) and reads them back. */
  private async createVersions(tags: readonly string[]): Promise<TagVersions> {
    const replies = await this.bounded("read", async () => {
      const pipeline = this.client.pipeline();
      for (const tag of tags) pipeline.set(this.tagKey(tag), newVersion(), "PX", VERSION_TTL_MS, "NX");
      pipeline.mget(...tags.map(this.tagKey));
      return (await pipeline.exec()) ?? [];
    });
    for (const [err] of replies) if (err) throw err;
    const values = replies.at(-1)?.[1] as (string | null)[];
    return Object.fromEntries(tags.map((tag, i) => [tag, values[i] ?? newVersion()]));
  }

  async write(key: string, value: unknown, ttlMs: number, versions: TagVersions): Promise<void> {
    try {
      const text = JSON.stringify({ t: versions, v: value } satisfies Entry);
      await this.bounded("write", () => this.client.set(this.entryKey(key), text, "PX", Math.max(1, Math.round(ttlMs))));
    } catch (err) {
      this.failed("write", err);
    }
  }

  /** Gives the tags new versions, then tells the other instances; one pipeline, so in that order. */
  async invalidate(tags: readonly string[]): Promise<void> {
    if (tags.length === 0) return;
    try {
      await this.bounded("invalidate", async () => {
        const pipeline = this.client.pipeline();
        const version = newVersion();
        for (const tag of tags) pipeline.set(this.tagKey(tag), version, "PX", VERSION_TTL_MS);
        pipeline.publish(this.channel, JSON.stringify({ origin: this.instanceId, tags: [...tags] } satisfies Invalidation));
        const replies = (await pipeline.exec()) ?? [];
        for (const [err] of replies) if (err) throw err;
      });
    } catch (err) {
      this.failed("invalidate", err);
    }
  }

  close(): void {
    this.client.disconnect();
    this.subscriber.disconnect();
  }
}
