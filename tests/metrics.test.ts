import { spawnSync } from "node:child_process";
import fs from "node:fs";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { GET as getRunRoute } from "@/app/api/v1/runs/[id]/route";
import { getDb } from "@/lib/db/client";
import { requestMetrics } from "@/lib/db/schema";
import { drainMinutes } from "@/lib/metrics/aggregate";
import { flushRequestMetrics, rollUpAndPrune } from "@/lib/metrics/flush";
import { bucketIndex, BUCKET_SLOTS, emptyBuckets, LATENCY_BUCKETS, quantileFromBuckets } from "@/lib/metrics/histogram";
import { tokenMatches } from "@/lib/metrics/expose";
import { getMetricsHistory, stepFor } from "@/lib/metrics/history";
import { recordRequest } from "@/lib/metrics/record";
import { RouteTemplates, normalizeAppPath } from "@/lib/metrics/route-template";
import { createRun } from "@/lib/runs/create";
import { call, makeKey, makeProject, type TestKey } from "./support/api";

let admin: TestKey;
let slug: string;
beforeAll(async () => {
  admin = await makeKey();
  slug = (await makeProject(admin)).slug;
});

const PROMTOOL = "/usr/bin/promtool";

describe("GET /api/metrics", () => {
  it("labels requests to two different runs with one route template, and passes promtool check metrics", async () => {
    const a = await createRun(admin.access, slug, { name: "a" });
    const b = await createRun(admin.access, slug, { name: "b" });
    for (const id of [a.id, b.id]) expect((await call(getRunRoute, "GET", `/api/v1/runs/${id}`, { key: admin.key, params: { id } })).status).toBe(200);

    const res = await call(metricsRoute, "GET", "/api/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const series = res.text.split("\n").filter((l) => l.startsWith("http_requests_total{") && l.includes('method="GET"') && l.includes("/api/v1/runs/"));
    expect(series).toHaveLength(1);
    expect(series[0]).toContain('route="/api/v1/runs/[id]"');
    expect(series[0]).toMatch(/ 2$/);
    for (const id of [a.id, b.id]) expect(res.text).not.toContain(id);
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{le="0\.005",route="\/api\/v1\/runs\/\[id\]"/);
    expect(res.text).toMatch(/^opsdeck_runs_ingested_total [1-9]/m);
    expect(res.text).toMatch(/^opsdeck_db_pool_connections\{state="idle"\}/m);
    expect(res.text).toContain("opsdeck_cache_misses_total");
    expect(res.text).toContain("opsdeck_slow_queries_total");
    expect(res.text).toContain("process_cpu_user_seconds_total");

    // CI installs the Debian `prometheus` package; a machine without it fails loudly here.
    expect(fs.existsSync(PROMTOOL), `${PROMTOOL} is missing: apt-get install prometheus`).toBe(true);
    const check = spawnSync(PROMTOOL, ["check", "metrics"], { input: res.text, encoding: "utf8" });
    expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
  });

  it("compares the bearer token in constant time and refuses a wrong one", () => {
    expect(tokenMatches("Bearer s3cret-token-0123456789", "s3cret-token-0123456789")).toBe(true);
    expect(tokenMatches("Bearer s3cret-token-012345678", "s3cret-token-0123456789")).toBe(false);
    expect(tokenMatches("s3cret-token-0123456789", "s3cret-token-0123456789")).toBe(false);
    expect(tokenMatches(null, "s3cret-token-0123456789")).toBe(false);
  });
});

describe("route templates from the build manifest", () => {
  it("normalizes app paths and prefers static segments over dynamic ones", () => {
    expect(normalizeAppPath("/(console)/projects/[slug]/runs/[id]/page")).toBe("/projects/[slug]/runs/[id]");
    expect(normalizeAppPath("/api/v1/runs/[id]/route")).toBe("/api/v1/runs/[id]");
    expect(normalizeAppPath("/(console)/page")).toBe("/");
    expect(normalizeAppPath("/_not-found/page")).toBeNull();
    const t = new RouteTemplates(["/", "/projects/[slug]", "/projects/new", "/api/v1/runs/[id]", "/api/v1/runs/[id]/logs", "/api/auth/[...nextauth]"]);
    expect(t.match("/")).toBe("/");
    expect(t.match("/projects/new")).toBe("/projects/new");
    expect(t.match("/projects/acme")).toBe("/projects/[slug]");
    expect(t.match("/api/v1/runs/42/logs")).toBe("/api/v1/runs/[id]/logs");
    expect(t.match("/api/auth/callback/github")).toBe("/api/auth/[...nextauth]");
    expect(t.match("/nope/at/all")).toBe("(unmatched)");
  });
});

/** The exact q-quantile of samples (nearest rank), for comparison with the histogram estimate. */
function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

/** The [lower, upper] bounds of the bucket a value falls in. */
function bucketBounds(v: number): [number, number] {
  const i = bucketIndex(v);
  return [i === 0 ? 0 : LATENCY_BUCKETS[i - 1]!, LATENCY_BUCKETS[Math.min(i, LATENCY_BUCKETS.length - 1)]!];
}

describe("history: percentiles from merged per-minute histograms", () => {
  it("two instances' rows merge into the percentiles of the combined samples, within one bucket", async () => {
    const minute = new Date(Date.UTC(2030, 0, 1, 12, 0));
    const sample = fc.double({ min: 0.0005, max: 9.5, noNaN: true });
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(sample, { minLength: 1, maxLength: 200 }), fc.array(sample, { minLength: 1, maxLength: 200 }), async (first, second) => {
        const route = `/prop/${round++}`;
        const at = new Date(minute.getTime() + round * 60_000);
        const rowOf = (instanceId: string, values: number[]) => {
          const buckets = emptyBuckets();
          for (const v of values) buckets[bucketIndex(v)]!++;
          return { resolution: "minute", bucketStart: at, instanceId, route, method: "GET", statusClass: "2xx", count: values.length, sumSeconds: values.reduce((a, b) => a + b, 0), buckets };
        };
        await getDb().insert(requestMetrics).values([rowOf("instance-a", first), rowOf("instance-b", second)]);
        const history = await getMetricsHistory({ from: at, to: new Date(at.getTime() + 60_000), route });
        const merged = history.routes.find((r) => r.route === route)!;
        expect(merged.count).toBe(first.length + second.length);
        const sorted = [...first, ...second].sort((a, b) => a - b);
        for (const [q, got] of [[0.5, merged.p50], [0.95, merged.p95], [0.99, merged.p99]] as const) {
          const [lower, upper] = bucketBounds(exactQuantile(sorted, q));
          expect(got).not.toBeNull();
          expect(got!).toBeGreaterThanOrEqual(lower - 1e-9);
          expect(got!).toBeLessThanOrEqual(upper + 1e-9);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("interpolates inside the bucket and answers null for no data", () => {
    const b = emptyBuckets();
    b[bucketIndex(0.2)] = 10; // all in (0.1, 0.25]
    expect(quantileFromBuckets(b, 0.5)).toBeCloseTo(0.175, 6);
    expect(quantileFromBuckets(emptyBuckets(), 0.5)).toBeNull();
    expect(b).toHaveLength(BUCKET_SLOTS);
  });

  it("flushes closed minutes with counts and bucket counts, adding to a row already written", async () => {
    drainMinutes({ all: true });
    const route = "/flush/[id]";
    recordRequest({ route, method: "GET", status: 200, durationMs: 3 });
    recordRequest({ route, method: "GET", status: 503, durationMs: 300 });
    expect(await flushRequestMetrics({ now: Date.now() + 60_000 })).toBe(2);
    recordRequest({ route, method: "GET", status: 200, durationMs: 30 });
    await flushRequestMetrics({ all: true });
    const rows = await getDb().select().from(requestMetrics).where(sql`${requestMetrics.route} = ${route}`).orderBy(requestMetrics.statusClass);
    const ok = rows.filter((r) => r.statusClass === "2xx");
    const total2xx = ok.reduce((a, r) => a + r.count, 0);
    expect(total2xx).toBe(2);
    expect(rows.find((r) => r.statusClass === "5xx")!.buckets[bucketIndex(0.3)]).toBe(1);
    expect(ok.flatMap((r) => r.buckets).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it("rolls minutes older than 24 h into hour rows without changing totals, then prunes past retention", async () => {
    const route = "/rollup";
    const now = new Date(Date.UTC(2031, 5, 10, 12, 0));
    const old = new Date(now.getTime() - 30 * 3600_000);
    const rowAt = (offsetMin: number, instanceId: string, n: number) => {
      const buckets = emptyBuckets();
      buckets[2] = n;
      return { resolution: "minute", bucketStart: new Date(old.getTime() + offsetMin * 60_000), instanceId, route, method: "GET", statusClass: "2xx", count: n, sumSeconds: n * 0.02, buckets };
    };
    const ancient = { ...rowAt(0, "x", 1), bucketStart: new Date(now.getTime() - 40 * 86_400_000) };
    await getDb().insert(requestMetrics).values([rowAt(1, "a", 3), rowAt(2, "b", 4), rowAt(70, "a", 5), ancient]);
    const before = await getMetricsHistory({ from: new Date(old.getTime() - 3600_000), to: now, route });
    const result = await rollUpAndPrune(now);
    expect(result.rolledUp).toBeGreaterThanOrEqual(3);
    const rows = await getDb().select().from(requestMetrics).where(sql`${requestMetrics.route} = ${route}`);
    expect(rows.every((r) => r.resolution === "hour")).toBe(true);
    expect(rows).toHaveLength(2);
    expect(rows.reduce((a, r) => a + r.count, 0)).toBe(12);
    const after = await getMetricsHistory({ from: new Date(old.getTime() - 3600_000), to: now, route });
    expect(after.routes[0]!.count).toBe(before.routes[0]!.count);
    expect(after.routes[0]!.p95).toBeCloseTo(before.routes[0]!.p95!, 9);
  });

  it("keeps minutes for 2 h, then 5-minute rows, and never charts finer than the stored resolution", async () => {
    const route = "/tiers";
    const now = new Date(Date.UTC(2032, 2, 3, 12, 0));
    const buckets = emptyBuckets();
    buckets[0] = 2;
    const row = (minutesAgo: number, instanceId: string) => ({ resolution: "minute", bucketStart: new Date(now.getTime() - minutesAgo * 60_000), instanceId, route, method: "GET", statusClass: "2xx", count: 2, sumSeconds: 0.004, buckets });
    await getDb().insert(requestMetrics).values([row(30, "a"), row(181, "a"), row(182, "b")]);
    await rollUpAndPrune(now);
    const rows = await getDb().select().from(requestMetrics).where(sql`${requestMetrics.route} = ${route}`).orderBy(requestMetrics.bucketStart);
    expect(rows.map((r) => [r.resolution, r.instanceId, r.count])).toEqual([["5min", "all", 4], ["minute", "a", 2]]);
    expect(rows[0]!.buckets[0]).toBe(4);
    // A one-hour window ten hours back is drawn in 5-minute steps, not 1-minute ones with gaps.
    expect(stepFor(new Date(now.getTime() - 11 * 3600_000), new Date(now.getTime() - 10 * 3600_000), now)).toBe(300);
    expect(stepFor(new Date(now.getTime() - 3600_000), now, now)).toBe(60);
    expect(stepFor(new Date(now.getTime() - 30 * 86_400_000), now, now)).toBe(21_600);
  });
});
