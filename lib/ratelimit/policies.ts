import { getConfig } from "../config";
import { limiterFor, type LimiterPolicy } from "./backend";

// One table of policies: route class → requests per window, per API key (or user), and
// what to do when the shared backend is down (see LimiterPolicy.failClosed).
/** `keys` is API key creation: an admin action that mints credentials, so it fails closed. */
export type RouteClass = "read" | "write" | "batch" | "keys";

export type RateDecision = { success: boolean; retryAfter: number; headers: Record<string, string> };

export function policies(): Record<RouteClass, LimiterPolicy> {
  const c = getConfig();
  return {
    read: { name: "read", max: c.RATELIMIT_READ_PER_MINUTE, windowSeconds: 60, failClosed: false },
    write: { name: "write", max: c.RATELIMIT_WRITE_PER_MINUTE, windowSeconds: 60, failClosed: false },
    batch: { name: "batch", max: c.RATELIMIT_BATCH_PER_MINUTE, windowSeconds: 60, failClosed: false },
    keys: { name: "keys", max: c.RATELIMIT_KEYS_PER_MINUTE, windowSeconds: 60, failClosed: true },
  };
}

/**
 * Counts one request of `routeClass` for `identifier`. Throws UnavailableError (503) when the
 * backend is down and the class fails closed; when it fails open the request is allowed and
 * no RateLimit headers are sent, since there are no real figures to report.
 */
export async function checkRateLimit(routeClass: RouteClass, identifier: string): Promise<RateDecision> {
  const result = await limiterFor(policies()[routeClass]).limit(identifier);
  if (result.degraded) return { success: true, retryAfter: 0, headers: {} };
  const resetSeconds = Math.max(0, Math.ceil((result.reset - Date.now()) / 1000));
  return {
    success: result.success,
    retryAfter: Math.max(1, resetSeconds),
    headers: {
      "RateLimit-Limit": String(result.limit),
      "RateLimit-Remaining": String(Math.max(0, result.remaining)),
      "RateLimit-Reset": String(resetSeconds),
    },
  };
}

/**
 * Clears `identifier`'s counts in every route class (`key:<api key id>` or `user:<user id>`,
 * as the pipeline builds them). Other instances may keep refusing from their ephemeral
 * cache until the window they saw ends. Throws UnavailableError when the backend is down.
 */
export async function resetRateLimit(identifier: string): Promise<void> {
  await Promise.all(Object.values(policies()).map((policy) => limiterFor(policy).resetUsedTokens(identifier)));
}
