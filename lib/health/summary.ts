import "server-only";
import fs from "node:fs";
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import appPackage from "@/package.json";
import { getSessionUser } from "../auth/session";
import { getConfig } from "../config";
import { getPool } from "../db/client";
import { checkReplica, replicaStatus, type ReplicaStatus } from "../db/replica";
import { metricsAccessAllowed } from "../metrics/expose";
import { rateLimitBackendFailures } from "../ratelimit/backend";
import { selectRateLimitBackend } from "../ratelimit/remote";
import { checkDatabase, checkRedis, type ComponentStatus } from "./checks";

// GET /api/health: a verdict for anyone (status, version, uptime) and component detail for
// signed-in users or the metrics token. Computed at most once per 5 s per instance, however
// many callers ask, so the endpoint cannot be used to load the database.

export type HealthStatus = "healthy" | "degraded" | "unhealthy";

export type HealthDetail = {
  database: ComponentStatus & { pool: { total: number; idle: number; waiting: number; max: number } };
  /** DATABASE_REPLICA_URL: whether lag-tolerant reads go there, and its replay lag. */
  replica: ReplicaStatus;
  redis: (ComponentStatus & { configured: true }) | { configured: false };
  rateLimit: { backend: "upstash" | "redis" | "memory"; failures: number };
  sentry: { configured: boolean };
  memory: { rssBytes: number; heapUsedBytes: number; heapTotalBytes: number };
  disk: { path: string; freeBytes: number; totalBytes: number } | null;
  eventLoop: { lagP99Ms: number; lagMeanMs: number };
};

export type HealthSummary = { status: HealthStatus; version: string; uptimeSeconds: number; checkedAt: string; detail: HealthDetail };

const CACHE_MS = 5_000;
/** Event-loop lag above this (p99) makes the instance "degraded". */
const LAG_DEGRADED_MS = 500;
const DISK_DEGRADED_FRACTION = 0.05;

type State = { at: number; pending: Promise<HealthSummary> | null; value: HealthSummary | null; loop?: IntervalHistogram };
const holder = globalThis as unknown as { __opsdeckHealthSummary?: State };
const state = (): State => (holder.__opsdeckHealthSummary ??= { at: 0, pending: null, value: null });

function eventLoop(): IntervalHistogram {
  const s = state();
  if (!s.loop) {
    s.loop = monitorEventLoopDelay({ resolution: 20 });
    s.loop.enable();
  }
  return s.loop;
}

function diskOf(path: string): HealthDetail["disk"] {
  try {
    const stats = fs.statfsSync(fs.existsSync(path) ? path : ".");
    return { path, freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
  } catch {
    return null;
  }
}

export function verdictOf(detail: HealthDetail): HealthStatus {
  if (detail.database.status === "down") return "unhealthy";
  const redisDown = detail.redis.configured && detail.redis.status === "down";
  const diskLow = detail.disk !== null && detail.disk.totalBytes > 0 && detail.disk.freeBytes / detail.disk.totalBytes < DISK_DEGRADED_FRACTION;
  // A replica that is down or lagging is not an outage (reads fall back to the primary), but it is worth a look.
  const replicaOff = detail.replica.configured && !detail.replica.serving;
  if (redisDown || diskLow || replicaOff || detail.eventLoop.lagP99Ms > LAG_DEGRADED_MS) return "degraded";
  return "healthy";
}

async function compute(): Promise<HealthSummary> {
  const config = getConfig();
  const pool = getPool();
  const loop = eventLoop();
  const [database, redis] = await Promise.all([checkDatabase(), config.REDIS_URL ? checkRedis(config.REDIS_URL) : null, checkReplica()]);
  const memory = process.memoryUsage();
  const detail: HealthDetail = {
    database: { ...database, pool: { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: config.DATABASE_POOL_MAX } },
    replica: replicaStatus(),
    redis: redis ? { ...redis, configured: true } : { configured: false },
    rateLimit: { backend: selectRateLimitBackend(config).kind, failures: rateLimitBackendFailures() },
    sentry: { configured: Boolean(config.SENTRY_DSN) },
    memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, heapTotalBytes: memory.heapTotal },
    disk: diskOf(config.OPSDECK_DATA_DIR),
    eventLoop: { lagP99Ms: Math.round(loop.percentile(99) / 1e6), lagMeanMs: Math.round((loop.mean || 0) / 1e6) },
  };
  loop.reset();
  return { status: verdictOf(detail), version: appPackage.version, uptimeSeconds: Math.round(process.uptime()), checkedAt: new Date().toISOString(), detail };
}

/** The cached summary (recomputed when older than 5 s; concurrent callers share one computation). */
export async function getHealthSummary(now = Date.now()): Promise<HealthSummary> {
  const s = state();
  eventLoop();
  if (s.value && now - s.at < CACHE_MS) return s.value;
  if (!s.pending) {
    s.pending = compute()
      .then((value) => {
        s.value = value;
        s.at = Date.now();
        return value;
      })
      .finally(() => {
        s.pending = null;
      });
  }
  return s.pending;
}

/** What an anonymous caller sees: the verdict only. */
export function publicHealth(summary: HealthSummary) {
  return { status: summary.status, version: summary.version, uptimeSeconds: summary.uptimeSeconds, checkedAt: summary.checkedAt };
}

/**
 * What `/api/health` answers a caller: the summary for anyone, the component detail only for
 * a signed-in user or a bearer METRICS_TOKEN (when one is set). 503 while unhealthy.
 */
export async function healthFor(authorization: string | null): Promise<{ body: HealthSummary | ReturnType<typeof publicHealth>; status: number }> {
  const summary = await getHealthSummary();
  const tokenOk = getConfig().METRICS_TOKEN !== undefined && authorization !== null && metricsAccessAllowed(authorization);
  const detailed = tokenOk || (await getSessionUser()) !== null;
  return { body: detailed ? summary : publicHealth(summary), status: summary.status === "unhealthy" ? 503 : 200 };
}
