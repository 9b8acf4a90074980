import "server-only";
import type { Tx } from "../db/client";
import { slowQueryMinutes, slowQuerySamples, slowQueryTexts } from "../db/schema";
import { bucketIndex, emptyBuckets } from "../queries/histogram";
import { identifySqlAsync } from "../queries/sql-text";

// Demo slow-query history, so /queries has something to show on a fresh demo: statements
// the app really issues, attributed to the routes that issue them, once an hour over the
// demo's history. Deterministic (no Math.random), like the rest of the demo data.

const STATEMENTS: { sql: string; route: string; perHour: number; typicalMs: number }[] = [
  {
    sql: `select "id", "project_id", "name", "status", "created_at" from "runs" where ("runs"."project_id" = '00000000-0000-0000-0000-000000000000' and "runs"."status" = 'failed') order by "runs"."created_at" desc limit 51`,
    route: "/api/v1/projects/[slug]/runs",
    perHour: 6,
    typicalMs: 180,
  },
  {
    sql: `select "status", count(*) from "runs" where "runs"."created_at" >= '2025-01-01' group by "runs"."status"`,
    route: "/",
    perHour: 3,
    typicalMs: 140,
  },
  {
    sql: `select "seq", "ts", "level", "message" from "run_logs" where ("run_logs"."run_id" = '00000000-0000-0000-0000-000000000000' and "run_logs"."seq" > 0) order by "run_logs"."seq" limit 1000`,
    route: "/api/v1/runs/[id]/logs",
    perHour: 2,
    typicalMs: 260,
  },
  {
    sql: `insert into "runs" ("id", "project_id", "name", "status") values ('a', 'b', 'c', 'queued')`,
    route: "/api/v1/projects/[slug]/runs/batch",
    perHour: 1,
    typicalMs: 420,
  },
];

const HOUR_MS = 3_600_000;

export async function insertDemoSlowQueries(tx: Tx, now: Date, days: number): Promise<number> {
  const end = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const start = end - days * 24 * HOUR_MS;
  let rows = 0;
  for (const [n, s] of STATEMENTS.entries()) {
    const { fingerprint, normalized } = await identifySqlAsync(s.sql);
    await tx.insert(slowQueryTexts).values({ fingerprint, query: normalized, firstSeen: new Date(start), lastSeen: new Date(end) }).onConflictDoNothing();
    const minutes = [];
    const samples = [];
    for (let t = start, h = 0; t <= end; t += HOUR_MS, h++) {
      // Busier in working hours, with a slow spell every few days.
      const hour = new Date(t).getUTCHours();
      const calls = Math.max(1, Math.round(s.perHour * (hour >= 8 && hour <= 18 ? 1.5 : 0.5)));
      const slowSpell = (h + n * 7) % 72 < 3 ? 3 : 1;
      const buckets = emptyBuckets();
      let total = 0;
      let max = 0;
      for (let c = 0; c < calls; c++) {
        const ms = s.typicalMs * slowSpell * (0.8 + ((h * 31 + c * 17 + n * 13) % 100) / 125);
        buckets[bucketIndex(ms)]!++;
        total += ms;
        max = Math.max(max, ms);
      }
      minutes.push({ bucketStart: new Date(t), fingerprint, route: s.route, calls, totalMs: total, maxMs: max, buckets });
      if (h % 24 === 0) samples.push({ fingerprint, occurredAt: new Date(t + 60_000), durationMs: max, route: s.route, requestId: `demo-${n}-${h}` });
    }
    for (let i = 0; i < minutes.length; i += 500) await tx.insert(slowQueryMinutes).values(minutes.slice(i, i + 500)).onConflictDoNothing();
    await tx.insert(slowQuerySamples).values(samples);
    rows += minutes.length;
  }
  return rows;
}
