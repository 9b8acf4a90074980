import { sql } from "drizzle-orm";
import { getDb } from "../lib/db/client";
import { createProject } from "../lib/projects/mutations";
import { routeHandler } from "../tests/support/route-server";
import { serve } from "./http";
import { withBenchDatabase } from "./database";
import { benchApiKey, envInt, fmt, median } from "./fixtures";
import type { Bench } from "./registry";

// Does one busy project serialize its writers? 40 connections move runs queued → running →
// succeeded with PATCH /api/v1/runs/{id} over loopback HTTP, all in one project, then the
// same load spread over 40 projects; rounds alternate so drift cancels. Before drizzle/0004
// every run write also updated its project's row (held to commit), so one project's writers
// queued behind each other (and deadlocked); the goal is one/forty ≥ 0.8.

const CONNECTIONS = envInt("BENCH_WRITE_CONNECTIONS", 40);
const RUNS_PER_WORKER = envInt("BENCH_WRITE_RUNS", 25);
const ROUNDS = envInt("BENCH_WRITE_ROUNDS", 3);

export const concurrentWritesBench: Bench = {
  name: "concurrent-writes",
  description: `${CONNECTIONS} connections × ${RUNS_PER_WORKER} runs × 2 PATCH state moves over loopback HTTP, one project vs ${CONNECTIONS} projects, ${ROUNDS} alternating rounds`,
  run: () =>
    withBenchDatabase(async () => {
      const { key, ctx } = await benchApiKey(["projects:write", "runs:read", "runs:write"]);
      const projects: { id: string }[] = [];
      for (let i = 0; i < CONNECTIONS; i++) projects.push(await createProject(ctx, { slug: `writes-${i}`, name: `Writes ${i}` }));
      const api = await serve(routeHandler());
      const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
      try {
        /** Queued runs for each worker, in its project (all in project 0 when `shared`), made outside the clock. */
        const prepare = async (shared: boolean) => {
          const ids: string[][] = [];
          for (let w = 0; w < CONNECTIONS; w++) {
            const projectId = projects[shared ? 0 : w]!.id;
            const { rows } = await getDb().execute<{ id: string }>(
              sql`INSERT INTO runs (project_id, name) SELECT ${projectId}::uuid, 'w' || g FROM generate_series(1, ${RUNS_PER_WORKER}) g RETURNING id`,
            );
            ids.push(rows.map((r) => r.id));
          }
          return ids;
        };
        const statuses = new Map<number, number>();
        const move = async (id: string, status: string) => {
          const res = await fetch(`${api.url}/api/v1/runs/${id}`, { method: "PATCH", headers, body: JSON.stringify({ status }) });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          await res.arrayBuffer();
        };
        const round = async (shared: boolean) => {
          const ids = await prepare(shared);
          const started = performance.now();
          await Promise.all(ids.map(async (mine) => {
            for (const id of mine) {
              await move(id, "running");
              await move(id, "succeeded");
            }
          }));
          return (CONNECTIONS * RUNS_PER_WORKER * 2) / ((performance.now() - started) / 1000);
        };
        await round(false); // warm-up: plans, pool, caches
        const one: number[] = [];
        const many: number[] = [];
        for (let r = 0; r < ROUNDS; r++) {
          one.push(await round(true));
          many.push(await round(false));
        }
        const bad = [...statuses].filter(([s]) => s !== 200);
        if (bad.length) throw new Error(`PATCHes answered ${JSON.stringify(bad)}`);
        const ratio = median(one.map((o, i) => o / many[i]!));
        return {
          lines: [
            `one project:   ${fmt(median(one))} moves/s (rounds ${one.map((x) => fmt(x)).join(", ")})`,
            `${CONNECTIONS} projects: ${fmt(median(many))} moves/s (rounds ${many.map((x) => fmt(x)).join(", ")})`,
            `one/${CONNECTIONS} per round: ${one.map((o, i) => fmt(o / many[i]!, 2)).join(", ")} (the ratio below is their median)`,
          ],
          ratio,
          target: { text: `one/${CONNECTIONS} ≥ 0.8`, met: ratio >= 0.8 },
        };
      } finally {
        await api.close();
      }
    }),
};
