import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RateLimitedError, UnavailableError } from "@/lib/errors";
import { createLimiter, rateLimitBackendFailures } from "@/lib/ratelimit/backend";
import { checkKeyCreationLimit } from "@/lib/ratelimit/keys";
import { policies } from "@/lib/ratelimit/policies";
import { closeRateLimitRedis } from "@/lib/ratelimit/remote";
import { REDIS_OUTAGES, testRedis, useRedisOutage, type TestRedis } from "./setup/redis";

const TIMEOUT_MS = 250;
let redis: TestRedis;

beforeAll(async () => {
  redis = await testRedis();
  // Read once, on the first check: the configured backend is the test Redis.
  process.env.REDIS_URL = redis.url;
  process.env.RATELIMIT_KEYS_PER_MINUTE = "2";
  process.env.RATELIMIT_TIMEOUT_MS = String(TIMEOUT_MS);
});

afterAll(async () => {
  closeRateLimitRedis();
  await redis.stop();
});

describe("checkKeyCreationLimit (the keys route class)", () => {
  it("allows RATELIMIT_KEYS_PER_MINUTE creations per actor, then refuses with 429 and a wait within the window", async () => {
    const actor = randomUUID();
    await checkKeyCreationLimit(actor);
    await checkKeyCreationLimit(actor);
    const refused = await checkKeyCreationLimit(actor).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(refused).toMatchObject({ code: "rate_limited" });
    const { retryAfter } = refused as RateLimitedError;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    await expect(checkKeyCreationLimit(randomUUID())).resolves.toBeUndefined(); // per actor
  });

  it("is the fail-closed policy of the table", () => {
    expect(policies().keys).toMatchObject({ name: "keys", max: 2, windowSeconds: 60, failClosed: true });
  });

  describe.each(REDIS_OUTAGES)("when Redis is %s", (_label, start) => {
    const targetUrl = useRedisOutage(start);

    it("fails closed: 503 within the timeout, counted as a backend failure", async () => {
      const limiter = createLimiter(policies().keys, { kind: "redis", url: targetUrl() }, { timeoutMs: TIMEOUT_MS, prefix: `opsdeck:test:${randomUUID()}` });
      const failures = rateLimitBackendFailures();
      const started = Date.now();
      const error = await checkKeyCreationLimit(randomUUID(), limiter).catch((err: unknown) => err);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_000);
      expect(error).toBeInstanceOf(UnavailableError);
      expect(error).toMatchObject({ code: "unavailable" });
      expect(rateLimitBackendFailures()).toBe(failures + 1);
    });
  });
});
