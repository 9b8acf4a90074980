import { getConfig } from "../config";
import { UnavailableError } from "../errors";
import { MemoryLimiter } from "./memory";
import { describeError, withTimeout } from "../redis/connection";
import { createRemoteLimiter, selectRateLimitBackend, type RateLimitBackend } from "./remote";
import type { Limiter, LimitResult } from "./types";
import { log } from "../log/logger";

// Limiters are built once per policy and kept: building one per call would throw away the
// library's ephemeral cache. The backend is chosen from configuration (Upstash → Redis →
// this process), and every remote call is bounded and guarded here.

export type LimiterPolicy = {
  /** Names the Redis key prefix: one per policy, so classes never share counts. */
  name: string;
  max: number;
  windowSeconds: number;
  /**
   * When the backend fails or is too slow: refuse with 503 (true: sign-in, key creation,
   * where letting a brute force through costs more than an outage) or allow (false: reads
   * and ordinary writes, where an outage of the limiter must not become an outage of the API).
   */
  failClosed: boolean;
};

type Counters = { failures: number };
const holder = globalThis as unknown as { __opsdeckLimiters?: Map<string, Limiter>; __opsdeckRateLimitCounters?: Counters };

function counters(): Counters {
  holder.__opsdeckRateLimitCounters ??= { failures: 0 };
  return holder.__opsdeckRateLimitCounters;
}

/** Backend calls that failed or timed out since the process started (for the metrics endpoint). */
export function rateLimitBackendFailures(): number {
  return counters().failures;
}

/**
 * Wraps a remote limiter: every call is bounded by the timeout, a failure is counted and
 * logged on one line, then answered by the policy (allow, or UnavailableError → 503).
 * Resets never pretend to succeed.
 */
export class GuardedLimiter implements Limiter {
  constructor(
    private readonly inner: Limiter,
    private readonly policy: LimiterPolicy,
    private readonly backend: string,
    private readonly timeoutMs: number,
  ) {}

  private failed(operation: string, err: unknown, forceClosed = false): void {
    counters().failures++;
    const closed = forceClosed || this.policy.failClosed;
    log("ratelimit").warn({ policy: this.policy.name, operation, backend: this.backend, error: describeError(err), outcome: closed ? "refused with 503" : "allowed" }, "rate-limit backend failed");
    if (closed) throw new UnavailableError("Rate limiting is unavailable, try again shortly");
  }

  private degraded(): LimitResult {
    return { success: true, limit: this.policy.max, remaining: this.policy.max, reset: Date.now() + this.policy.windowSeconds * 1000, degraded: true };
  }

  async limit(identifier: string): Promise<LimitResult> {
    try {
      return await withTimeout(this.inner.limit(identifier), this.timeoutMs, "rate limit backend");
    } catch (err) {
      this.failed("limit", err);
      return this.degraded();
    }
  }

  async getRemaining(identifier: string): Promise<{ remaining: number; reset: number; degraded?: boolean }> {
    try {
      return await withTimeout(this.inner.getRemaining(identifier), this.timeoutMs, "rate limit backend");
    } catch (err) {
      this.failed("getRemaining", err);
      return this.degraded();
    }
  }

  async resetUsedTokens(identifier: string): Promise<void> {
    try {
      await withTimeout(this.inner.resetUsedTokens(identifier), this.timeoutMs, "rate limit backend");
    } catch (err) {
      this.failed("reset", err, true);
    }
  }
}

export type CreateLimiterOptions = {
  timeoutMs: number;
  /** Defaults to `opsdeck:rl:<policy name>`. */
  prefix?: string;
  /** Passed through to the Redis backend: a dedicated connection (tests simulating two instances). */
  client?: Parameters<typeof createRemoteLimiter>[1]["client"];
};

/** A limiter for `policy` on `backend`; prefer limiterFor, which builds each policy once. */
export function createLimiter(policy: LimiterPolicy, backend: RateLimitBackend, options: CreateLimiterOptions): Limiter {
  if (backend.kind === "memory") return new MemoryLimiter(policy.max, policy.windowSeconds * 1000);
  const remote = createRemoteLimiter(backend, {
    max: policy.max,
    windowSeconds: policy.windowSeconds,
    prefix: options.prefix ?? `opsdeck:rl:${policy.name}`,
    timeoutMs: options.timeoutMs,
    client: options.client,
  });
  return new GuardedLimiter(remote, policy, backend.kind, options.timeoutMs);
}

/** The process's limiter for `policy`, on the configured backend. */
export function limiterFor(policy: LimiterPolicy): Limiter {
  holder.__opsdeckLimiters ??= new Map();
  const key = `${policy.name}:${policy.max}:${policy.windowSeconds}:${policy.failClosed}`;
  let limiter = holder.__opsdeckLimiters.get(key);
  if (!limiter) {
    const config = getConfig();
    limiter = createLimiter(policy, selectRateLimitBackend(config), { timeoutMs: config.RATELIMIT_TIMEOUT_MS });
    holder.__opsdeckLimiters.set(key, limiter);
  }
  return limiter;
}

