import "server-only";
import type { DbOrTx } from "../db/client";
import { requestMetrics } from "../db/schema";
import { bucketIndex, emptyBuckets } from "../metrics/histogram";

// Demo request history: 24 h of minute rows and 29 days of hour rows (what roll-up leaves),
// for a handful of routes with a daily rhythm, a few errors, and one slow route, so /metrics
// and the overview tiles have something true-looking to show.

const ROUTES = [
  { route: "/api/v1/projects/[slug]/runs", method: "POST", perMinute: 40, ms: 18, errors: 0.004 },
  { route: "/api/v1/projects/[slug]/runs", method: "GET", perMinute: 25, ms: 35, errors: 0.001 },
  { route: "/api/v1/runs/[id]", method: "PATCH", perMinute: 60, ms: 12, errors: 0.002 },
  { route: "/api/v1/runs/[id]/logs", method: "POST", perMinute: 90, ms: 8, errors: 0.001 },
  { route: "/api/v1/projects/[slug]/runs/batch", method: "POST", perMinute: 2, ms: 240, errors: 0.02 },
  { route: "/", method: "GET", perMinute: 3, ms: 120, errors: 0 },
  { route: "/projects/[slug]", method: "GET", perMinute: 4, ms: 160, errors: 0.003 },
  { route: "/metrics", method: "GET", perMinute: 1, ms: 300, errors: 0 },
];

/** A small deterministic PRNG (mulberry32), so the demo is the same on every seed. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Row = typeof requestMetrics.$inferInsert;

function rowsFor(resolution: "minute" | "hour", start: Date, random: () => number): Row[] {
  const minutes = resolution === "minute" ? 1 : 60;
  const hour = start.getUTCHours() + start.getUTCMinutes() / 60;
  const rhythm = 0.55 + 0.45 * Math.sin(((hour - 8) / 24) * 2 * Math.PI); // busier in the working day
  const rows: Row[] = [];
  for (const r of ROUTES) {
    const count = Math.max(0, Math.round(r.perMinute * minutes * rhythm * (0.8 + 0.4 * random())));
    if (count === 0) continue;
    const errors = Math.min(count, Math.round(count * r.errors * (random() < 0.02 ? 20 : 1) + (random() < r.errors * minutes ? 1 : 0)));
    for (const [statusClass, n] of [["2xx", count - errors], ["5xx", errors]] as const) {
      if (n <= 0) continue;
      const buckets = emptyBuckets();
      let sum = 0;
      const samples = Math.min(n, 50);
      for (let i = 0; i < samples; i++) {
        // log-normal-ish around the route's typical latency; each sample stands for n/samples requests
        const seconds = (r.ms / 1000) * Math.exp((random() + random() + random() - 1.5) * 1.2) * (statusClass === "5xx" ? 3 : 1);
        const weight = Math.floor(n / samples) + (i < n % samples ? 1 : 0);
        buckets[bucketIndex(seconds)]! += weight;
        sum += seconds * weight;
      }
      rows.push({ resolution, bucketStart: start, instanceId: resolution === "hour" ? "all" : "demo", route: r.route, method: r.method, statusClass, count: n, sumSeconds: sum, buckets });
    }
  }
  return rows;
}

export async function insertDemoMetrics(db: DbOrTx, now: Date): Promise<number> {
  const random = prng(4242);
  const minute = Math.floor(now.getTime() / 60_000) * 60_000;
  const cutoff = Math.floor((minute - 24 * 3600_000) / 3600_000) * 3600_000;
  const rows: Row[] = [];
  for (let h = cutoff - 29 * 24 * 3600_000; h < cutoff; h += 3600_000) rows.push(...rowsFor("hour", new Date(h), random));
  for (let m = cutoff; m < minute; m += 60_000) rows.push(...rowsFor("minute", new Date(m), random));
  for (let i = 0; i < rows.length; i += 2_000) await db.insert(requestMetrics).values(rows.slice(i, i + 2_000)).onConflictDoNothing();
  return rows.length;
}
