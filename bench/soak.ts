import { startJobsIfEnabled } from "../lib/boot";
import { getDb } from "../lib/db/client";
import { stopJobs } from "../lib/jobs/scheduler";
import { benchProjectSlug, generateRuns } from "../lib/demo/generate-runs";
import { routeHandler } from "../tests/support/route-server";
import { withBenchDatabase } from "./database";
import { benchApiKey, envInt, fmt } from "./fixtures";
import { serve } from "./http";
import type { Bench } from "./registry";

// Steady mixed load for BENCH_SOAK_MINUTES (default 10; minutes, not part of npm test):
// 20 API workers over loopback HTTP doing what integrations and engineers do — run lists
// (and their next page), creates with Idempotency-Keys, state moves, log appends, audit
// pages (and their next page). Per minute: requests/s, p50/p99 per operation; the ratio is
// the last minute's throughput over the first's. A flat service stays near 1.

const MINUTES = envInt("BENCH_SOAK_MINUTES", 10);
const WORKERS = envInt("BENCH_SOAK_WORKERS", 20);
const PROJECTS = 4;

type Op = "list" | "list-next" | "create" | "move" | "logs" | "audit" | "audit-next";
type Sample = { op: Op; ms: number; ok: boolean };

const pct = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

export const soakBench: Bench = {
  name: "soak",
  onlyByName: true,
  description: `${MINUTES} min of steady mixed API load, ${WORKERS} workers (lists, creates with Idempotency-Keys, state moves, log appends, audit pages)`,
  run: () =>
    withBenchDatabase(async () => {
      await generateRuns(getDb(), { runs: 20_000, projects: PROJECTS });
      const { key } = await benchApiKey(["projects:read", "runs:read", "runs:write", "audit:read"]);
      // As on a running instance (lib/boot.ts): the background jobs fold run_changes and rollup
      // deltas every 2 s. Without them the runs list's version count grew with every write.
      await startJobsIfEnabled();
      const server = await serve(routeHandler());
      const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
      const minutes: Sample[][] = [];
      const started = Date.now();
      const deadline = started + MINUTES * 60_000;
      let counter = 0;
      const timed = async (op: Op, path: string, init: RequestInit = {}): Promise<unknown> => {
        const t = performance.now();
        const res = await fetch(server.url + path, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
        const body = res.status === 204 ? null : await res.json().catch(() => null);
        const minute = Math.floor((Date.now() - started) / 60_000);
        (minutes[minute] ??= []).push({ op, ms: performance.now() - t, ok: res.status < 400 });
        return body;
      };
      const worker = async (w: number) => {
        const slug = benchProjectSlug((w % PROJECTS) + 1);
        const mine: string[] = [];
        while (Date.now() < deadline) {
          const i = counter++;
          switch (i % 6) {
            case 0: {
              const page = (await timed("list", `/api/v1/projects/${slug}/runs?limit=50`)) as { nextCursor?: string } | null;
              if (page?.nextCursor) await timed("list-next", `/api/v1/projects/${slug}/runs?limit=50&cursor=${encodeURIComponent(page.nextCursor)}`);
              break;
            }
            case 1:
            case 2: {
              const run = (await timed("create", `/api/v1/projects/${slug}/runs`, { method: "POST", headers: { "Idempotency-Key": `soak-${i}` }, body: JSON.stringify({ name: `soak #${i}`, kind: "ci" }) })) as { id?: string } | null;
              if (run?.id) mine.push(run.id);
              break;
            }
            case 3: {
              const id = mine.shift();
              if (id) {
                await timed("move", `/api/v1/runs/${id}`, { method: "PATCH", body: JSON.stringify({ status: "running" }) });
                mine.push(id);
              }
              break;
            }
            case 4: {
              const id = mine.at(-1);
              if (id) await timed("logs", `/api/v1/runs/${id}/logs`, { method: "POST", body: JSON.stringify({ lines: [{ message: `step ${i} done` }, { message: "ok" }] }) });
              break;
            }
            default: {
              const page = (await timed("audit", `/api/v1/audit?limit=50`)) as { nextCursor?: string } | null;
              if (page?.nextCursor) await timed("audit-next", `/api/v1/audit?limit=50&cursor=${encodeURIComponent(page.nextCursor)}`);
            }
          }
          if (mine.length > 50) mine.splice(0, mine.length - 50);
        }
      };
      try {
        await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
      } finally {
        stopJobs();
        await server.close();
      }
      const full = minutes.slice(0, MINUTES).filter(Boolean);
      const lines = full.map((samples, m) => {
        const byOp = (op: Op) => samples.filter((s) => s.op === op).map((s) => s.ms);
        const errors = samples.filter((s) => !s.ok).length;
        const ops = (["list", "create", "move", "logs", "audit", "audit-next"] as Op[]).map((op) => `${op} ${Math.round(pct(byOp(op), 50))}`).join(", ");
        return `minute ${m + 1}: ${fmt(samples.length / 60)} req/s, p50 ${Math.round(pct(samples.map((s) => s.ms), 50))} ms, p99 ${Math.round(pct(samples.map((s) => s.ms), 99))} ms, ${errors} errors; p50 by op (ms): ${ops}`;
      });
      const ratio = full.length >= 2 ? full.at(-1)!.length / full[0]!.length : 1;
      return { lines, ratio, target: { text: "last/first minute throughput ≥ 0.95", met: ratio >= 0.95 } };
    }),
};
