import { RateLimitedError } from "../errors";
import { limiterFor } from "./backend";
import { policies } from "./policies";
import type { Limiter } from "./types";

// API key creation (the "keys" route class): RATELIMIT_KEYS_PER_MINUTE per actor. It mints
// credentials, so it fails closed: with the backend down or too slow the caller gets
// UnavailableError (503) rather than an unlimited supply of keys. Call it before opening
// the creation transaction, from every place that creates keys for a signed-in actor.

/**
 * Counts one key creation by `actorId` (a user id). Throws RateLimitedError (429, with
 * retryAfter in seconds) over the limit, UnavailableError (503) when the backend fails.
 * `limiter` is the configured one; tests pass one on a backend they control.
 */
export async function checkKeyCreationLimit(actorId: string, limiter: Limiter = limiterFor(policies().keys)): Promise<void> {
  const result = await limiter.limit(`user:${actorId}`);
  if (result.success) return;
  const retryAfter = Math.max(1, Math.ceil((result.reset - Date.now()) / 1000));
  throw new RateLimitedError(retryAfter, `Too many API keys created; try again in ${retryAfter} s`);
}
