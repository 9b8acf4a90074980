import "server-only";
import { timingSafeEqual, createHash } from "node:crypto";
import { cacheStats } from "../cache/tags";
import { getConfig } from "../config";
import { getPool } from "../db/client";
import { checkReadiness } from "../health/checks";
import { rateLimitBackendFailures } from "../ratelimit/backend";
import { appMetrics, scrapeSources } from "./registry";

// GET /api/metrics: the Prometheus text exposition of this instance (Prometheus scrapes
// each instance; history across instances is the dashboard's job).

function wireSources(): void {
  const s = scrapeSources();
  s.cache ??= () => cacheStats();
  s.rateLimitBackendFailures ??= () => rateLimitBackendFailures();
  s.readiness ??= async () => {
    if (!getConfig().DATABASE_URL) return {};
    const readiness = await checkReadiness();
    return Object.fromEntries(Object.entries(readiness.components).map(([name, c]) => [name, c.status === "up"]));
  };
  s.pool ??= () => {
    if (!getConfig().DATABASE_URL) return null;
    const pool = getPool();
    return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
  };
}

export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  wireSources();
  const { registry } = appMetrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/** Constant-time comparison of a bearer token (hashed first, so lengths never leak). */
export function tokenMatches(header: string | null, expected: string): boolean {
  const match = /^Bearer (\S+)$/.exec(header?.trim() ?? "");
  if (!match) return false;
  const a = createHash("sha256").update(match[1]!).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Whether the request may read metrics: always when METRICS_TOKEN is unset, else with the bearer token. */
export function metricsAccessAllowed(authorization: string | null): boolean {
  const token = getConfig().METRICS_TOKEN;
  return token === undefined || tokenMatches(authorization, token);
}
