import { createHash } from "node:crypto";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis as UpstashRedis } from "@upstash/redis";
import IORedis, { type RedisOptions } from "ioredis";
import type { Config } from "../config";
import type { Limiter, LimitResult } from "./types";

// Shared rate-limit backends for @upstash/ratelimit: Upstash over REST, or a self-hosted
// Redis through a small adapter over one ioredis connection. Failure policy (timeouts,
// fail open/closed) sits one layer up, in backend.ts. The connection helpers here
// (connectRedis, whenReady, withTimeout) also serve the cache's Redis tier.

export type RateLimitBackend = { kind: "upstash"; url: string; token: string } | { kind: "redis"; url: string } | { kind: "memory" };

/** Upstash when configured, else a self-hosted Redis, else this process only (a single instance). */
export function selectRateLimitBackend(config: Pick<Config, "UPSTASH_REDIS_REST_URL" | "UPSTASH_REDIS_REST_TOKEN" | "REDIS_URL">): RateLimitBackend {
  if (config.UPSTASH_REDIS_REST_URL && config.UPSTASH_REDIS_REST_TOKEN) {
    return { kind: "upstash", url: config.UPSTASH_REDIS_REST_URL, token: config.UPSTASH_REDIS_REST_TOKEN };
  }
  if (config.REDIS_URL) return { kind: "redis", url: config.REDIS_URL };
  return { kind: "memory" };
}

/** Rejects when `work` has not settled within `ms`; the work itself is left to finish or fail on its own. */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Error text safe for logs: credentials inside any URL are masked. */
export function describeError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/(\w+:\/\/)[^@\s/]*@/g, "$1***@").slice(0, 200);
}

/**
 * A new ioredis connection for request-path work: nothing queues while disconnected
 * (commands fail at once instead of waiting for a reconnect), every command and the
 * connect itself are bounded by `timeoutMs`, and reconnects continue in the background.
 */
export function connectRedis(url: string, timeoutMs: number, name: string, extra: RedisOptions = {}): IORedis {
  const client = new IORedis(url, {
    ...extra,
    lazyConnect: true,
    enableOfflineQueue: false,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(100 * 2 ** times, 2_000),
    connectionName: name,
  });
  // One line when the connection goes down and one when it is back, not one per retry.
  let down = false;
  client.on("error", (err) => {
    if (!down) console.warn(`[${name}] redis connection lost: ${describeError(err)}`);
    down = true;
  });
  client.on("ready", () => {
    if (down) console.warn(`[${name}] redis connection restored`);
    down = false;
  });
  return client;
}

/**
 * Resolves once the connection is ready, connecting it on first use. While it is known to
 * be down (reconnecting) this fails at once, so an outage costs requests nothing.
 */
export async function whenReady(client: IORedis, timeoutMs: number): Promise<void> {
  if (client.status === "ready") return;
  if (client.status === "wait" || client.status === "end") client.connect().catch(() => undefined);
  if (client.status === "reconnecting" || client.status === "close") throw new Error(`redis is ${client.status}`);
  await new Promise<void>((resolve, reject) => {
    const finish = (err?: Error) => {
      clearTimeout(timer);
      client.off("ready", onReady);
      client.off("close", onClose);
      if (err) reject(err);
      else resolve();
    };
    const onReady = () => finish();
    const onClose = () => finish(new Error("redis connection closed"));
    const timer = setTimeout(() => finish(new Error(`redis not ready within ${timeoutMs} ms`)), timeoutMs);
    client.once("ready", onReady);
    client.once("close", onClose);
  });
}

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/**
 * The library's scripts start with `#!lua flags=allow-key-locking`, a flag Upstash knows and
 * Redis 7.0 rejects ("Unexpected flag in script shebang"). Without a shebang line the
 * scripts run with classic EVAL semantics, which is what they are written for (every key
 * they touch is passed in KEYS), on Redis 6.2 and later.
 */
export function portableScript(script: string): string {
  return script.replace(/^\s*#!lua[^\n]*\n/, "");
}

type RatelimitRedis = ConstructorParameters<typeof Ratelimit>[0]["redis"];

/**
 * What @upstash/ratelimit's single-region algorithms call on their redis (see
 * node_modules/@upstash/ratelimit/dist/index.js, `safeEval`): `evalsha(hash, keys, args)`,
 * then `eval(script, keys, args)` when the answer mentions NOSCRIPT. `get`/`set` are only
 * used by dynamic limits (off here) but are part of the type the constructor asks for.
 * `hset`/`multi` belong to multi-region and deny lists, which we do not use.
 */
export class IoRedisAdapter {
  /** The library's script hash → the hash of the script as we sent it (portableScript). */
  private readonly sentHashes = new Map<string, string>();

  constructor(
    private readonly client: IORedis,
    private readonly timeoutMs: number,
  ) {}

  async eval(script: string, keys: string[], args: unknown[]): Promise<unknown> {
    await whenReady(this.client, this.timeoutMs);
    const sent = portableScript(script);
    this.sentHashes.set(sha1(script), sha1(sent));
    return this.client.eval(sent, keys.length, ...keys, ...args.map(toArgument));
  }

  async evalsha(hash: string, keys: string[], args: unknown[]): Promise<unknown> {
    await whenReady(this.client, this.timeoutMs);
    // An unknown hash answers NOSCRIPT, and the library then sends the script with eval.
    return this.client.evalsha(this.sentHashes.get(hash) ?? hash, keys.length, ...keys, ...args.map(toArgument));
  }

  async get(key: string): Promise<string | null> {
    await whenReady(this.client, this.timeoutMs);
    return this.client.get(key);
  }

  async set(key: string, value: unknown): Promise<string | null> {
    await whenReady(this.client, this.timeoutMs);
    return this.client.set(key, String(toArgument(value)));
  }
}

// The library passes numbers and, for resets, a null ARGV; Redis arguments are strings.
const toArgument = (v: unknown): string | number => (typeof v === "number" ? v : v == null ? "" : String(v));

type Clients = { ioredis: Map<string, IORedis>; upstash: Map<string, UpstashRedis> };
// One connection per Redis URL for the process, on globalThis so Next's module instances share it.
const holder = globalThis as unknown as { __opsdeckRateLimitClients?: Clients };

function clients(): Clients {
  holder.__opsdeckRateLimitClients ??= { ioredis: new Map(), upstash: new Map() };
  return holder.__opsdeckRateLimitClients;
}

/** The process's rate-limit connection to `url`, created (not yet connected) on first use. */
export function rateLimitRedis(url: string, timeoutMs: number): IORedis {
  const map = clients().ioredis;
  let client = map.get(url);
  if (!client) {
    client = connectRedis(url, timeoutMs, "opsdeck-ratelimit");
    map.set(url, client);
  }
  return client;
}

function upstashRedis(url: string, token: string): UpstashRedis {
  const map = clients().upstash;
  let client = map.get(url);
  if (!client) {
    // No retries: a request waits for one attempt, bounded by the guard's timeout.
    client = new UpstashRedis({ url, token, retry: false, enableTelemetry: false });
    map.set(url, client);
  }
  return client;
}

/** Closes the process's rate-limit connections (tests, shutdown). */
export function closeRateLimitRedis(): void {
  const current = holder.__opsdeckRateLimitClients;
  holder.__opsdeckRateLimitClients = undefined;
  for (const client of current?.ioredis.values() ?? []) client.disconnect();
}

/** Adapts a @upstash/ratelimit instance to our Limiter interface. */
export class RatelimitLimiter implements Limiter {
  constructor(
    private readonly ratelimit: Ratelimit,
    readonly backend: "upstash" | "redis",
  ) {}

  async limit(identifier: string): Promise<LimitResult> {
    const r = await this.ratelimit.limit(identifier);
    return { success: r.success, limit: r.limit, remaining: r.remaining, reset: r.reset };
  }

  async getRemaining(identifier: string): Promise<{ remaining: number; reset: number }> {
    const r = await this.ratelimit.getRemaining(identifier);
    return { remaining: r.remaining, reset: r.reset };
  }

  async resetUsedTokens(identifier: string): Promise<void> {
    // The library's reset SCANs for `prefix:identifier:*` inside one script: fine for an
    // admin action or a successful sign-in, not something to call per request.
    await this.ratelimit.resetUsedTokens(identifier);
  }
}

export type RemoteLimiterOptions = {
  max: number;
  windowSeconds: number;
  /** Redis key prefix; one per policy so classes never share counts. */
  prefix: string;
  timeoutMs: number;
  /** A dedicated connection instead of the process's shared one (tests simulating two instances). */
  client?: IORedis;
};

/** A sliding-window limiter on Upstash or Redis. Build once per policy and keep it: the ephemeral cache lives in the instance. */
export function createRemoteLimiter(backend: Exclude<RateLimitBackend, { kind: "memory" }>, options: RemoteLimiterOptions): RatelimitLimiter {
  const redis: RatelimitRedis =
    backend.kind === "upstash"
      ? upstashRedis(backend.url, backend.token)
      : // The adapter provides exactly what the library calls (see IoRedisAdapter), not Upstash's whole client type.
        (new IoRedisAdapter(options.client ?? rateLimitRedis(backend.url, options.timeoutMs), options.timeoutMs) as unknown as RatelimitRedis);
  const ratelimit = new Ratelimit({
    redis,
    limiter: Ratelimit.slidingWindow(options.max, `${options.windowSeconds} s`),
    prefix: options.prefix,
    // Identifiers seen over their limit are refused from memory until their reset, without a round trip.
    ephemeralCache: new Map(),
    // The library's own timeout always allows; our guard decides open or closed per class instead.
    timeout: 0,
    analytics: false,
    enableTelemetry: false,
  });
  return new RatelimitLimiter(ratelimit, backend.kind);
}
