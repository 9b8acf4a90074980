import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { evaluateAlerts } from "../lib/alerts/evaluate";
import { OBSERVERS } from "../lib/alerts/signals";
import { getDb } from "../lib/db/client";
import { alertRules, channels, deliveries, monitors, projects } from "../lib/db/schema";
import { generateRuns } from "../lib/demo/generate-runs";
import { dispatchDue } from "../lib/notifications/dispatch";
import { testMessage } from "../lib/notifications/message";
import { seal } from "../lib/security/secret-box";
import { withBenchDatabase } from "./database";
import { envInt, fmt, median } from "./fixtures";
import { seedTieredMetrics } from "./metrics";
import type { Bench } from "./registry";

// Alerting at size: 500 rules of every kind over 1M runs (20 projects) and 30 days of
// request history, timed per evaluation once their state exists (the steady case: most
// groups do not move); and the outbox drained to a local webhook receiver, messages/s.

const RUNS = envInt("BENCH_ALERT_RUNS", 1_000_000);
const PROJECTS = 20;
const MESSAGES = envInt("BENCH_ALERT_MESSAGES", 2_000);

type RuleRow = typeof alertRules.$inferInsert;

function rules(projectIds: string[], monitorIds: string[]): RuleRow[] {
  const out: RuleRow[] = [];
  const add = (kind: string, params: Record<string, unknown>, extra: Partial<RuleRow> = {}) => out.push({ name: `bench ${out.length} ${kind}`, kind, params, ...extra });
  for (const projectId of projectIds) {
    add("run_failed", {}, { projectId });
    add("run_failure_rate", { windowSeconds: 3600, threshold: 0.5, minRuns: 5 }, { projectId });
    add("run_failure_rate", { windowSeconds: 86_400, threshold: 0.3, minRuns: 5 }, { projectId });
    add("run_stuck", { queuedSeconds: 3600, runningSeconds: 7200 }, { projectId });
    add("run_missing", { runKind: "deploy", intervalSeconds: 86_400, graceSeconds: 600 }, { projectId });
  }
  // Most rules hold (the seeded history answers 50 % 5xx): ten fire, one group per route.
  for (let i = 0; i < 150; i++) add("route_errors", { windowSeconds: [300, 900, 3600][i % 3], thresholdPercent: i < 10 ? 40 : 60 + (i % 39), minRequests: 20 });
  for (let i = 0; i < 150; i++) add("route_latency", { windowSeconds: [300, 900, 3600][i % 3], quantile: i % 2 ? "p95" : "p99", thresholdMs: 120_000 + i, minRequests: 20 });
  for (let i = 0; i < 50; i++) add("slow_query", { windowSeconds: 3600, statistic: i % 2 ? "p95" : "mean", thresholdMs: 500 });
  for (let i = 0; out.length < 500; i++) add("monitor_down", {}, { monitorId: monitorIds[i % monitorIds.length] });
  return out;
}

async function receiver(): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      n++;
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    count: () => n,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

export const alertEvalBench: Bench = {
  name: "alert-eval",
  description: `500 alert rules over ${fmt(RUNS)} runs in ${PROJECTS} projects and 30 days of request history: ms per evaluation; ${fmt(MESSAGES)} notifications through the outbox to a local webhook`,
  run: () =>
    withBenchDatabase(async () => {
      const db = getDb();
      const phase = (what: string) => process.env.BENCH_VERBOSE && console.log(`   … ${what} at ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      const t0 = performance.now();
      await generateRuns(db, { runs: RUNS, projects: PROJECTS });
      phase("runs generated");
      const now = new Date();
      await seedTieredMetrics(now);
      const projectIds = (await db.select({ id: projects.id }).from(projects)).map((p) => p.id);
      const monitorIds = (
        await db
          .insert(monitors)
          .values(Array.from({ length: 10 }, (_, i) => ({ name: `bench monitor ${i}`, url: `http://127.0.0.1:9/${i}`, status: i < 2 ? ("down" as const) : ("up" as const) })))
          .returning({ id: monitors.id })
      ).map((m) => m.id);
      await db.insert(alertRules).values(rules(projectIds, monitorIds));
      await db.execute(sql`ANALYZE`);
      phase("data ready");

      const first = performance.now();
      const opened = await evaluateAlerts();
      const firstMs = performance.now() - first;
      phase("first evaluation");
      const times: number[] = [];
      for (let i = 0; i < 5; i++) times.push((await evaluateAlerts()).ms);
      const evalMs = median(times);
      phase("steady evaluations");
      if (process.env.BENCH_VERBOSE) {
        // Where a steady evaluation's time goes: each kind's observer alone.
        const all = await db.select({ rule: alertRules, projectSlug: projects.slug }).from(alertRules).leftJoin(projects, sql`${projects.id} = ${alertRules.projectId}`);
        for (const [kind, observe] of Object.entries(OBSERVERS)) {
          const mine = all.filter((r) => r.rule.kind === kind).map((r) => ({ ...r.rule, projectSlug: r.projectSlug }));
          const t = performance.now();
          await observe(mine, new Date());
          console.log(`   … ${kind} (${mine.length} rules): ${fmt(performance.now() - t)} ms`);
        }
      }

      const hook = await receiver();
      try {
        const [channel] = await db
          .insert(channels)
          .values({ name: "bench hook", kind: "webhook", config: {}, rateLimitPerMinute: 1_000_000, secret: seal(JSON.stringify({ url: hook.url, signingSecret: "whsec_YmVuY2gtc2VjcmV0LWJlbmNoLXNlY3JldA==" })) })
          .returning();
        const payload = testMessage("bench") as unknown as Record<string, unknown>;
        for (let i = 0; i < MESSAGES; i += 500) await db.insert(deliveries).values(Array.from({ length: Math.min(500, MESSAGES - i) }, () => ({ channelId: channel!.id, event: "firing", payload })));
        const started = performance.now();
        while (hook.count() < MESSAGES) {
          const r = await dispatchDue({ limit: 500, concurrency: 32 });
          if (r.claimed === 0 && hook.count() < MESSAGES) throw new Error(`outbox empty with ${hook.count()} of ${MESSAGES} received`);
        }
        const perSecond = MESSAGES / ((performance.now() - started) / 1000);
        const [pending] = (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM notification_deliveries WHERE status <> 'delivered'`)).rows;
        return {
          lines: [
            `first evaluation (opens ${opened.fired} incidents, ${opened.groups} groups): ${fmt(firstMs)} ms`,
            `steady evaluation, 500 rules / ${fmt(opened.groups)} groups: ${fmt(evalMs, 1)} ms (median of ${times.length}: ${times.map((t) => fmt(t)).join(", ")})`,
            `outbox → local webhook: ${fmt(perSecond)} notifications/s (${fmt(MESSAGES)} messages, ${pending!.n} not delivered)`,
          ],
          ratio: evalMs / 1000,
          target: { text: "evaluation < 1 s (ratio = s per evaluation) and ≥ 200 notifications/s", met: evalMs < 1000 && perSecond >= 200 },
        };
      } finally {
        await hook.close();
      }
    }),
};
