import type { Pool } from "pg";
import { getConfig } from "../config";
import { getPool } from "../db/client";
import { withTimeout } from "../redis/connection";
import { pingRedis } from "../redis/health";

export type ComponentStatus = { status: "up" | "down"; latencyMs: number; error?: string };

/** Each dependency gets this long; they run in parallel, so readiness answers well within 2 s. */
export const CHECK_TIMEOUT_MS = 1_500;

/** Only the message: never a connection string or a stack. */
function safeMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : "unreachable";
  return message.replace(/\w+:\/\/\S+/g, "[url]").slice(0, 200);
}

async function timed(what: string, timeoutMs: number, work: () => Promise<unknown>): Promise<ComponentStatus> {
  const started = performance.now();
  try {
    // A hung dependency yields "down" at the deadline instead of a hung request.
    await withTimeout(work(), timeoutMs, what);
    return { status: "up", latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { status: "down", latencyMs: Math.round(performance.now() - started), error: safeMessage(err) };
  }
}

export async function checkDatabase(timeoutMs = CHECK_TIMEOUT_MS, pool: Pool = getPool()): Promise<ComponentStatus> {
  return timed("database", timeoutMs, () => pool.query("SELECT 1"));
}

/** PING with a hard deadline (lib/redis/health.ts keeps the connection). */
export async function checkRedis(url: string, timeoutMs = CHECK_TIMEOUT_MS): Promise<ComponentStatus> {
  return timed("redis", timeoutMs, () => pingRedis(url, timeoutMs));
}

export type Readiness = { ready: boolean; components: { database: ComponentStatus; redis?: ComponentStatus } };

/** Database, and Redis when configured, checked in parallel, each under its own deadline. */
export async function checkReadiness(deps: { pool?: Pool; redisUrl?: string | null; timeoutMs?: number } = {}): Promise<Readiness> {
  const redisUrl = deps.redisUrl === undefined ? getConfig().REDIS_URL : deps.redisUrl;
  const timeoutMs = deps.timeoutMs ?? CHECK_TIMEOUT_MS;
  const [database, redis] = await Promise.all([checkDatabase(timeoutMs, deps.pool ?? getPool()), redisUrl ? checkRedis(redisUrl, timeoutMs) : undefined]);
  const components = redis ? { database, redis } : { database };
  return { ready: database.status === "up" && (!redis || redis.status === "up"), components };
}

export function readinessResponse(readiness: Readiness): Response {
  return Response.json(
    { status: readiness.ready ? "ready" : "not_ready", components: readiness.components },
    { status: readiness.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
