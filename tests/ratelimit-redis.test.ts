import { randomBytes } from "node:crypto";
import type IORedis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { UnavailableError } from "@/lib/errors";
import { createLimiter, GuardedLimiter, rateLimitBackendFailures, type LimiterPolicy } from "@/lib/ratelimit/backend";
import { checkRateLimit, policies, resetRateLimit } from "@/lib/ratelimit/policies";
import { clearSignInFailures, countSignInFailure, signInRetryAfter } from "@/lib/ratelimit/signin";
import { closeRateLimitRedis, selectRateLimitBackend } from "@/lib/ratelimit/remote";
import { connectRedis } from "@/lib/redis/connection";
import { portableScript } from "@/lib/redis/scripts";
import { REDIS_OUTAGES, testRedis, useRedisOutage, type TestRedis } from "./setup/redis";

const TIMEOUT_MS = 250;
const unique = () => `opsdeck:test:${randomBytes(6).toString("hex")}`;
const policy = (over: Partial<LimiterPolicy> = {}): LimiterPolicy => ({ name: "read", max: 3, windowSeconds: 60, failClosed: false, ...over });

let redis: TestRedis;
const clients: IORedis[] = [];
function connection(url = redis.url): IORedis {
  const client = connectRedis(url, 1_000, "opsdeck-test");
  clients.push(client);
  return client;
}

beforeAll(async () => {
  redis = await testRedis();
  // checkRateLimit reads configuration once, on first use: point it at the test Redis.
  process.env.REDIS_URL = redis.url;
  process.env.RATELIMIT_BATCH_PER_MINUTE = "2";
  process.env.SIGNIN_MAX_FAILURES = "2";
});

afterAll(async () => {
  for (const client of clients) client.disconnect();
  closeRateLimitRedis();
  await redis.stop();
});

describe("rate limits on a shared Redis", () => {
  it("refuses the N+1th hit within the window and says when the window resets", async () => {
    const limiter = createLimiter(policy(), { kind: "redis", url: redis.url }, { timeoutMs: 1_000, prefix: unique(), client: connection() });
    const before = Date.now();
    for (let i = 0; i < 3; i++) expect(await limiter.limit("key:a")).toMatchObject({ success: true, limit: 3, remaining: 2 - i });
    const refused = await limiter.limit("key:a");
    expect(refused).toMatchObject({ success: false, remaining: 0 });
    expect(refused.reset).toBeGreaterThan(before);
    expect(refused.reset).toBeLessThanOrEqual(Date.now() + 60_000);
    expect((await limiter.getRemaining("key:a")).remaining).toBe(0);
    expect((await limiter.limit("key:b")).success).toBe(true);
  });

  it("shares one count between two app instances", async () => {
    const prefix = unique();
    const first = createLimiter(policy({ max: 4 }), { kind: "redis", url: redis.url }, { timeoutMs: 1_000, prefix, client: connection() });
    const second = createLimiter(policy({ max: 4 }), { kind: "redis", url: redis.url }, { timeoutMs: 1_000, prefix, client: connection() });
    expect(await first.limit("key:shared")).toMatchObject({ success: true, remaining: 3 });
    expect(await first.limit("key:shared")).toMatchObject({ success: true, remaining: 2 });
    expect(await second.limit("key:shared")).toMatchObject({ success: true, remaining: 1 });
    expect(await second.limit("key:shared")).toMatchObject({ success: true, remaining: 0 });
    expect((await first.limit("key:shared")).success).toBe(false);
    expect((await second.limit("key:shared")).success).toBe(false);
  });

  it("lets an identifier through again after its count is reset", async () => {
    const limiter = createLimiter(policy({ max: 1 }), { kind: "redis", url: redis.url }, { timeoutMs: 1_000, prefix: unique(), client: connection() });
    expect((await limiter.limit("key:r")).success).toBe(true);
    expect((await limiter.limit("key:r")).success).toBe(false);
    await limiter.resetUsedTokens("key:r");
    expect((await limiter.limit("key:r")).success).toBe(true);
  });

  it("checkRateLimit uses the configured Redis, sends RateLimit headers, and resetRateLimit clears every class", async () => {
    const identifier = `key:${randomBytes(8).toString("hex")}`;
    expect(await checkRateLimit("batch", identifier)).toMatchObject({ success: true, headers: { "RateLimit-Limit": "2", "RateLimit-Remaining": "1" } });
    await checkRateLimit("batch", identifier);
    const refused = await checkRateLimit("batch", identifier);
    expect(refused.success).toBe(false);
    expect(refused.retryAfter).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfter).toBeLessThanOrEqual(60);
    expect(Number(refused.headers["RateLimit-Reset"])).toBeLessThanOrEqual(60);
    await resetRateLimit(identifier);
    expect((await checkRateLimit("batch", identifier)).success).toBe(true);
  });
});

describe("sign-in throttle on the shared backend", () => {
  it("refuses an email after SIGNIN_MAX_FAILURES failures and lets it in again once a sign-in succeeds", async () => {
    const email = `${randomBytes(6).toString("hex")}@example.com`;
    const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    expect(await signInRetryAfter(email, ip)).toBe(0);
    await countSignInFailure(email, ip);
    expect(await signInRetryAfter(email, ip)).toBe(0);
    await countSignInFailure(email.toUpperCase(), ip);
    const wait = await signInRetryAfter(email, ip);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(900);
    await clearSignInFailures(email);
    expect(await signInRetryAfter(email, ip)).toBe(0);
  });
});

describe("backend choice", () => {
  const upstash = { UPSTASH_REDIS_REST_URL: "https://eu1-example.upstash.io", UPSTASH_REDIS_REST_TOKEN: "token" };

  it("prefers Upstash, then REDIS_URL, then this process", () => {
    expect(selectRateLimitBackend(parseConfig({ ...upstash, REDIS_URL: "redis://127.0.0.1:6379" }))).toMatchObject({ kind: "upstash", url: upstash.UPSTASH_REDIS_REST_URL });
    expect(selectRateLimitBackend(parseConfig({ REDIS_URL: "redis://127.0.0.1:6379" }))).toEqual({ kind: "redis", url: "redis://127.0.0.1:6379" });
    expect(selectRateLimitBackend(parseConfig({}))).toEqual({ kind: "memory" });
  });

  it("builds an Upstash limiter without touching the network", () => {
    const limiter = createLimiter(policy(), selectRateLimitBackend(parseConfig(upstash)), { timeoutMs: TIMEOUT_MS });
    expect(limiter).toBeInstanceOf(GuardedLimiter);
  });

  it("fails closed for sign-in and key creation, open for API traffic", () => {
    const table = policies();
    expect([table.read.failClosed, table.write.failClosed, table.batch.failClosed, table.keys.failClosed]).toEqual([false, false, false, true]);
  });

  it("sends the library's scripts without the shebang flags Redis 7.0 rejects", () => {
    expect(portableScript("#!lua flags=allow-key-locking\n  local key = KEYS[1]\n")).toBe("  local key = KEYS[1]\n");
    expect(portableScript("\n  local pattern = KEYS[1]\n")).toBe("\n  local pattern = KEYS[1]\n");
  });
});

describe.each(REDIS_OUTAGES)("when Redis is %s", (_label, start) => {
  const targetUrl = useRedisOutage(start);

  it("a read-class check answers within the timeout, allows, and counts the failure", async () => {
    const limiter = createLimiter(policy(), { kind: "redis", url: targetUrl() }, { timeoutMs: TIMEOUT_MS, prefix: unique(), client: connection(targetUrl()) });
    const failures = rateLimitBackendFailures();
    const started = Date.now();
    const result = await limiter.limit("key:x");
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_000);
    expect(result).toMatchObject({ success: true, degraded: true });
    expect(rateLimitBackendFailures()).toBe(failures + 1);
  });

  it("a fail-closed class throws UnavailableError (503) within the timeout", async () => {
    const limiter = createLimiter(policy({ name: "keys", failClosed: true }), { kind: "redis", url: targetUrl() }, { timeoutMs: TIMEOUT_MS, prefix: unique(), client: connection(targetUrl()) });
    const failures = rateLimitBackendFailures();
    const started = Date.now();
    const error = await limiter.limit("key:x").catch((err: unknown) => err);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_000);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error).toMatchObject({ code: "unavailable" });
    await expect(limiter.getRemaining("key:x")).rejects.toBeInstanceOf(UnavailableError);
    expect(rateLimitBackendFailures()).toBe(failures + 2);
  });

  it("a reset never pretends to succeed", async () => {
    const limiter = createLimiter(policy(), { kind: "redis", url: targetUrl() }, { timeoutMs: TIMEOUT_MS, prefix: unique(), client: connection(targetUrl()) });
    await expect(limiter.resetUsedTokens("key:x")).rejects.toBeInstanceOf(UnavailableError);
  });
});
