import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { LATENCY_BUCKETS } from "./histogram";

// One Prometheus registry per process, kept on globalThis: Next loads route handlers,
// pages and instrumentation as separate module instances, and each must count into the
// same series. Labels are route *templates* ("/api/v1/runs/[id]"), so cardinality is
// bounded by the number of routes, never by ids.

export type AppMetrics = {
  registry: Registry;
  duration: Histogram<"route" | "method" | "status">;
  requests: Counter<"route" | "method" | "status">;
  errors: Counter<"route" | "method" | "status">;
  runsIngested: Counter;
  rateLimited: Counter;
  slowQueries: Counter;
};

/** Sources read at scrape time (cache stats, pool state); set by code that owns them. */
export type ScrapeSources = {
  cache?: () => { l1Hits: number; l2Hits: number; misses: number };
  pool?: () => { total: number; idle: number; waiting: number } | null;
  rateLimitBackendFailures?: () => number;
  /** The readiness check, run at scrape time (each dependency within its 1.5 s deadline). */
  readiness?: () => Promise<Record<string, boolean>>;
};

const holder = globalThis as unknown as { __opsdeckMetrics?: AppMetrics; __opsdeckScrapeSources?: ScrapeSources };

export function scrapeSources(): ScrapeSources {
  return (holder.__opsdeckScrapeSources ??= {});
}

function build(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // These three are gauges named like counters, which `promtool check metrics` rejects; the
  // same figures remain by type in nodejs_active_handles / _requests / _resources.
  for (const name of ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"]) registry.removeSingleMetric(name);
  const labelNames = ["route", "method", "status"] as const;
  const sources = scrapeSources;

  const metrics: AppMetrics = {
    registry,
    duration: new Histogram({ name: "http_request_duration_seconds", help: "Request duration by route template, method and status.", labelNames, buckets: [...LATENCY_BUCKETS], registers: [registry] }),
    requests: new Counter({ name: "http_requests_total", help: "Requests by route template, method and status.", labelNames, registers: [registry] }),
    errors: new Counter({ name: "http_request_errors_total", help: "Requests answered with a 5xx status.", labelNames, registers: [registry] }),
    runsIngested: new Counter({ name: "opsdeck_runs_ingested_total", help: "Runs created through the API (single and batch).", registers: [registry] }),
    rateLimited: new Counter({ name: "opsdeck_rate_limited_requests_total", help: "Requests refused with 429 by the rate limiter.", registers: [registry] }),
    slowQueries: new Counter({ name: "opsdeck_slow_queries_total", help: "Database queries slower than SLOW_QUERY_MS.", registers: [registry] }),
  };

  // Values owned elsewhere are copied in at scrape time (collect), not mirrored on every call.
  new Counter({
    name: "opsdeck_cache_hits_total",
    help: "Cache lookups answered from a tier (l1: this process, l2: Redis).",
    labelNames: ["tier"],
    registers: [registry],
    collect() {
      const stats = sources().cache?.();
      this.reset();
      if (!stats) return;
      this.inc({ tier: "l1" }, stats.l1Hits);
      this.inc({ tier: "l2" }, stats.l2Hits);
    },
  });
  new Counter({
    name: "opsdeck_cache_misses_total",
    help: "Cache lookups answered by the loader.",
    registers: [registry],
    collect() {
      const stats = sources().cache?.();
      this.reset();
      if (stats) this.inc(stats.misses);
    },
  });
  new Gauge({
    name: "opsdeck_db_pool_connections",
    help: "Database pool clients: total, idle, and callers waiting for one.",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const pool = sources().pool?.();
      this.reset();
      if (!pool) return;
      this.set({ state: "total" }, pool.total);
      this.set({ state: "idle" }, pool.idle);
      this.set({ state: "waiting" }, pool.waiting);
    },
  });
  new Counter({
    name: "opsdeck_ratelimit_backend_failures_total",
    help: "Rate-limit backend calls that failed or timed out.",
    registers: [registry],
    collect() {
      const n = sources().rateLimitBackendFailures?.();
      this.reset();
      if (n) this.inc(n);
    },
  });
  new Gauge({
    name: "opsdeck_ready",
    help: "Whether this instance is ready (1) or not (0), per component and overall (component=\"all\"), as /api/health/ready answers.",
    labelNames: ["component"],
    registers: [registry],
    async collect() {
      const check = sources().readiness;
      this.reset();
      if (!check) return;
      const components = await check();
      for (const [component, up] of Object.entries(components)) this.set({ component }, up ? 1 : 0);
      this.set({ component: "all" }, Object.values(components).every(Boolean) ? 1 : 0);
    },
  });
  return metrics;
}

export function appMetrics(): AppMetrics {
  return (holder.__opsdeckMetrics ??= build());
}
