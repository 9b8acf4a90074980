import { Pool } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { GET as liveRoute } from "@/app/api/health/live/route";
import { GET as readyRoute } from "@/app/api/health/ready/route";
import { checkReadiness, readinessResponse } from "@/lib/health/checks";
import { closeHealthRedis } from "@/lib/redis/health";
import { getHealthSummary, publicHealth, verdictOf } from "@/lib/health/summary";
import { blackhole } from "./support/loopback";

const opened: { close: () => Promise<void> }[] = [];
afterAll(async () => {
  closeHealthRedis();
  for (const o of opened) await o.close();
});

describe("GET /api/health/ready", () => {
  it("answers 200 with the database up", async () => {
    const res = await readyRoute();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ready", components: { database: { status: "up" } } });
  });

  it("answers 503 within 2 s when PostgreSQL hangs, liveness stays 200, and recovers without a restart", async () => {
    const hole = await blackhole();
    opened.push(hole);
    const real = new URL(process.env.DATABASE_URL!);
    const url = new URL(process.env.DATABASE_URL!);
    url.hostname = "127.0.0.1";
    url.port = String(hole.port);
    const pool = new Pool({ connectionString: url.toString(), max: 4, connectionTimeoutMillis: 10_000 });
    pool.on("error", () => undefined);
    opened.push({ close: () => pool.end().catch(() => undefined) });

    const started = performance.now();
    const readiness = await checkReadiness({ pool, redisUrl: null });
    const elapsed = performance.now() - started;
    const res = readinessResponse(readiness);
    expect(elapsed).toBeLessThan(2_000);
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.status).toBe("not_ready");
    expect(body.components.database.status).toBe("down");
    expect(body.components.database.error).toMatch(/did not answer/);
    expect(JSON.stringify(body)).not.toContain(url.password || "postgres://");
    expect((await liveRoute()).status).toBe(200);

    // PostgreSQL is back: the same pool (no restart) connects through, and readiness follows.
    hole.forwardTo = { host: real.hostname, port: Number(real.port) };
    let recovered = await checkReadiness({ pool, redisUrl: null });
    for (let i = 0; i < 20 && !recovered.ready; i++) recovered = await checkReadiness({ pool, redisUrl: null });
    expect(recovered.ready).toBe(true);
  });

  it("answers 503 within 2 s when Redis is configured and hangs, naming the component", async () => {
    const hole = await blackhole();
    opened.push(hole);
    const started = performance.now();
    const readiness = await checkReadiness({ redisUrl: `redis://127.0.0.1:${hole.port}` });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(readiness.ready).toBe(false);
    expect(readiness.components.database.status).toBe("up");
    expect(readiness.components.redis).toMatchObject({ status: "down" });
    expect(readinessResponse(readiness).status).toBe(503);
  });
});

describe("GET /api/health summary", () => {
  it("is healthy with component detail, shows anonymous callers the verdict only, and is cached for 5 s", async () => {
    const summary = await getHealthSummary();
    expect(summary.status).toBe("healthy");
    expect(summary.detail.database.status).toBe("up");
    expect(summary.detail.database.pool.max).toBeGreaterThan(0);
    expect(summary.detail.redis.configured).toBe(Boolean(process.env.REDIS_URL));
    expect(summary.detail.rateLimit.backend).toBe(process.env.UPSTASH_REDIS_REST_URL ? "upstash" : process.env.REDIS_URL ? "redis" : "memory");
    expect(summary.detail.memory.rssBytes).toBeGreaterThan(0);
    expect(summary.detail.eventLoop.lagP99Ms).toBeGreaterThanOrEqual(0);
    expect(await getHealthSummary()).toBe(summary);
    expect(Object.keys(publicHealth(summary)).sort()).toEqual(["checkedAt", "status", "uptimeSeconds", "version"]);
  });

  it("is unhealthy when the database is down and degraded when only Redis is", async () => {
    const base = (await getHealthSummary()).detail;
    expect(verdictOf({ ...base, database: { ...base.database, status: "down" } })).toBe("unhealthy");
    expect(verdictOf({ ...base, redis: { configured: true, status: "down", latencyMs: 1500 } })).toBe("degraded");
  });
});
