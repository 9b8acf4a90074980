import { Ratelimit } from "@upstash/ratelimit";
import { Redis as UpstashRedis } from "@upstash/redis";
import type IORedis from "ioredis";
import type { Config } from "../config";
import { connectRedis } from "../redis/connection";
import { IoRedisAdapter } from "../redis/scripts";
import type { Limiter, LimitResult } from "./types";

type RatelimitRedis = ConstructorParameters<typeof Ratelimit>[0]["redis"];

// Shared rate-limit backends for @upstash/ratelimit: Upstash over REST, or a self-hosted
// Redis through the scripts adapter (lib/redis/scripts.ts). Failure policy (timeouts,
// fail open/closed) sits one layer up, in backend.ts.

export type RateLimitBackend = { kind: "upstash"; url: string; token: string } | { kind: "redis"; url: string } | { kind: "memory" };

/** Upstash when configured, else a self-hosted Redis, else this process only (a single instance). */
export function selectRateLimitBackend(config: Pick<Config, "UPSTASH_REDIS_REST_URL" | "UPSTASH_REDIS_REST_TOKEN" | "REDIS_URL">): RateLimitBackend {
  if (config.UPSTASH_REDIS_REST_URL && config.UPSTASH_REDIS_REST_TOKEN) {
    return { kind: "upstash", url: config.UPSTASH_REDIS_REST_URL, token: config.UPSTASH_REDIS_REST_TOKEN };
  }
  if (config.REDIS_URL) return { kind: "redis", url: config.REDIS_URL };
  return { kind: "memory" };
}

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
