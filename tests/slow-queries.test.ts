import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as listProjects } from "@/app/api/v1/projects/route";
import type { AccessContext } from "@/lib/auth/principal";
import { getDb } from "@/lib/db/client";
import { slowQueryMinutes, slowQuerySamples, slowQueryTexts } from "@/lib/db/schema";
import { route } from "@/lib/http/pipeline";
import { flushSlowQueries, pruneSlowQueries, SAMPLES_PER_FINGERPRINT } from "@/lib/queries/flush";
import { listRecordedQueries, samplesForRequest } from "@/lib/queries/recorded";
import { slowQueryCounters, slowQueryRecorder, SlowQueryRecorder } from "@/lib/queries/recorder";
import { identifySqlAsync } from "@/lib/queries/sql-text";
import { call, makeKey } from "./support/api";

// A route made slow on purpose, through the real pipeline: the same route() every handler uses.
const sleepyRoute = route({ route: "/api/v1/test/sleepy/[n]" }, async () => {
  await getDb().execute(sql`SELECT pg_sleep(0.15)`);
  return { body: { ok: true } };
});

const range = () => ({ from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 120_000) });

async function operatorAccess(): Promise<AccessContext> {
  const key = await makeKey({ scopes: ["metrics:read"] });
  return key.access;
}

describe("slow-query recording", () => {
  it("records a pg_sleep query issued through a route once, with its route template and request id", async () => {
    const key = await makeKey();
    const res = await call(sleepyRoute, "GET", "/api/v1/test/sleepy/1", { key: key.key, headers: { "x-request-id": "req-sleepy-0001" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("req-sleepy-0001");
    await flushSlowQueries();

    const access = await operatorAccess();
    const listed = (await listRecordedQueries(access, range())).filter((q) => q.query.includes("pg_sleep"));
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ calls: 1, routes: [{ route: "/api/v1/test/sleepy/[n]", calls: 1 }], recentRequests: ["req-sleepy-0001"] });
    expect(listed[0]!.query).toBe("SELECT pg_sleep($1)");
    expect(listed[0]!.totalMs).toBeGreaterThanOrEqual(150);
    expect(listed[0]!.p95Ms).toBeGreaterThan(0);

    const samples = await samplesForRequest(access, "req-sleepy-0001");
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatchObject({ route: "/api/v1/test/sleepy/[n]", requestId: "req-sleepy-0001", query: "SELECT pg_sleep($1)" });
  });

  it("gives two queries that differ only in literals one fingerprint, and keeps no literal", async () => {
    await getDb().execute(sql.raw("SELECT pg_sleep(0.11), 'alpha-secret' AS label, 41 AS n"));
    await flushSlowQueries(); // two flushes into the same minute add up in the upsert
    await getDb().execute(sql.raw("SELECT pg_sleep(0.12), 'beta-secret' AS label, 42 AS n"));
    await flushSlowQueries();
    const a = await identifySqlAsync("SELECT pg_sleep(0.11), 'alpha-secret' AS label, 41 AS n");
    const b = await identifySqlAsync("SELECT pg_sleep(0.12), 'beta-secret' AS label, 42 AS n");
    expect(a.fingerprint).toBe(b.fingerprint);
    const listed = (await listRecordedQueries(await operatorAccess(), range())).filter((q) => q.fingerprint === a.fingerprint);
    expect(listed).toHaveLength(1);
    expect(listed[0]!.calls).toBe(2);
    expect(listed[0]!.p95Ms).toBeGreaterThanOrEqual(100);
    expect(listed[0]!.routes).toEqual([{ route: "(unattributed)", calls: 2 }]);
    expect(listed[0]!.query).not.toMatch(/secret|41|42|0\.1/);
  });

  it("attributes the queries of an existing v1 route to its template when the threshold is low", async () => {
    const key = await makeKey();
    const recorder = slowQueryRecorder();
    const before = slowQueryCounters().slow;
    recorder.thresholdMs = 0;
    try {
      const res = await call(listProjects, "GET", "/api/v1/projects", { key: key.key, headers: { "x-request-id": "req-projects-0001" } });
      expect(res.status).toBe(200);
    } finally {
      recorder.thresholdMs = 100;
    }
    expect(slowQueryCounters().slow).toBeGreaterThan(before);
    await flushSlowQueries();
    const samples = await samplesForRequest(await operatorAccess(), "req-projects-0001");
    expect(samples.length).toBeGreaterThan(0);
    expect(new Set(samples.map((s) => s.route))).toEqual(new Set(["/api/v1/projects"]));
  });

  it("does not record its own flush, even with every query counted as slow", async () => {
    const recorder = slowQueryRecorder();
    await flushSlowQueries();
    recorder.thresholdMs = 0;
    try {
      await getDb().execute(sql`SELECT 1 AS one`);
      await flushSlowQueries();
      await flushSlowQueries();
    } finally {
      recorder.thresholdMs = 100;
    }
    const rows = await getDb().select().from(slowQuerySamples);
    expect(rows.some((r) => r.route === "(untimed)")).toBe(false);
    const third = await flushSlowQueries();
    expect(third.minutes).toBe(0);
  });

  it("keeps its memory under a fixed cap through 100k slow queries", async () => {
    const recorder = new SlowQueryRecorder(1);
    const cap = recorder.capacity();
    let peak = 0;
    for (let i = 0; i < 100_000; i++) {
      // 5000 distinct statements (distinct tables), each with varying literals, over 50 routes.
      recorder.observe({ text: `SELECT * FROM t${i % 5000} WHERE id = ${i} AND note = '${"x".repeat(i % 300)}'`, durationMs: 5 + (i % 900), route: `/r/${i % 50}`, requestId: `req-${i}`, at: Date.now() });
      if (i % 997 === 0) {
        const s = recorder.size();
        peak = Math.max(peak, s.chars);
        expect(s.pending).toBeLessThanOrEqual(cap.pending);
        if (i % 4985 === 0) await recorder.drain();
      }
    }
    await recorder.drain();
    const size = recorder.size();
    expect(size.aggregates).toBeLessThanOrEqual(cap.aggregates);
    expect(size.texts).toBeLessThanOrEqual(cap.texts);
    expect(size.samples).toBeLessThanOrEqual(cap.samples);
    expect(size.identities).toBeLessThanOrEqual(cap.identities);
    expect(Math.max(peak, size.chars)).toBeLessThan(4_000_000);
    expect(recorder.totals.slow).toBe(100_000);
    // What did not fit was counted, not silently lost.
    expect(recorder.totals.dropped).toBeGreaterThan(0);
    const batch = recorder.takeBatch();
    expect(batch.minutes.reduce((n, m) => n + m.calls, 0) + batch.dropped).toBe(100_000);
  });

  it("drops history older than METRICS_RETENTION_DAYS and keeps a bounded number of samples per fingerprint", async () => {
    const old = Date.now() - 31 * 86_400_000; // default retention: 30 days
    const recorder = new SlowQueryRecorder(0, { maxSamples: 1_000 });
    recorder.observe({ text: "SELECT 'retention-old' FROM runs", durationMs: 200, route: "/old", requestId: "req-old", at: old });
    for (let i = 0; i < SAMPLES_PER_FINGERPRINT + 50; i++) recorder.observe({ text: `SELECT ${i} FROM projects`, durationMs: 120 + i, route: "/many", requestId: `req-many-${i}`, at: Date.now() - i * 1000 });
    await flushSlowQueries(recorder);
    const oldFp = (await identifySqlAsync("SELECT 'retention-old' FROM runs")).fingerprint;
    const manyFp = (await identifySqlAsync("SELECT 1 FROM projects")).fingerprint;
    // The text row of the old one is as old as its only occurrence.
    expect((await getDb().select().from(slowQueryTexts).where(eq(slowQueryTexts.fingerprint, oldFp)))[0]!.lastSeen.getTime()).toBe(old);

    await pruneSlowQueries();
    expect(await getDb().select().from(slowQueryMinutes).where(eq(slowQueryMinutes.fingerprint, oldFp))).toHaveLength(0);
    expect(await getDb().select().from(slowQueryTexts).where(eq(slowQueryTexts.fingerprint, oldFp))).toHaveLength(0);
    const kept = await getDb().select().from(slowQuerySamples).where(eq(slowQuerySamples.fingerprint, manyFp));
    expect(kept).toHaveLength(SAMPLES_PER_FINGERPRINT);
    expect(kept.some((s) => s.requestId === "req-many-0")).toBe(true); // the newest stay
    expect(await getDb().select().from(slowQueryMinutes).where(eq(slowQueryMinutes.fingerprint, manyFp))).not.toHaveLength(0);
  });
});
