import autocannon from "autocannon";
import { getDb, getPool } from "../lib/db/client";
import { benchProjectSlug, generateRuns } from "../lib/demo/generate-runs";
import { routeHandler } from "../tests/support/route-server";
import { withBenchDatabase } from "./database";
import { benchApiKey, envInt, fmt, median } from "./fixtures";
import { serve } from "./http";
import type { Bench } from "./registry";

// One run per POST …/runs through the whole pipeline (key lookup, rate limit, body gate,
// zod, idempotency-free insert, run_changes, audit event, DTO) against a bare handler that
// parses the same body and INSERTs the same row, over loopback HTTP, 16 connections:
// spread over 16 projects, and all on one project (where shared rows would hurt).

const CONNECTIONS = 16;
const PROJECTS = 16;
const SECONDS = envInt("BENCH_HTTP_SECONDS", 3);
const ROUNDS = envInt("BENCH_HTTP_ROUNDS", 3);

type Load = { rps: number; p50: number; p99: number; non2xx: number; errors: number };

async function post(url: string, paths: string[], headers: Record<string, string>): Promise<Load> {
  let n = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        setupRequest: (req) => {
          const i = n++;
          return { ...req, path: paths[i % paths.length]!, body: JSON.stringify({ name: `deploy #${i}`, kind: "deploy", externalId: `gh-${i}`, metadata: { commit: i.toString(16) } }) };
        },
      },
    ],
  });
  return { rps: result.requests.total / result.duration, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts };
}

export const singleIngestBench: Bench = {
  name: "single-ingest",
  description: `single POST …/runs, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds × ${SECONDS} s: full pipeline vs a bare handler inserting the same row, over ${PROJECTS} projects and on one`,
  run: () =>
    withBenchDatabase(async () => {
      await generateRuns(getDb(), { runs: 0, projects: PROJECTS });
      const { key } = await benchApiKey(["runs:write"]);
      const slugs = Array.from({ length: PROJECTS }, (_, i) => benchProjectSlug(i + 1));
      const ids = new Map((await getPool().query<{ id: string; slug: string }>("SELECT id, slug FROM projects WHERE slug = ANY($1)", [slugs])).rows.map((r) => [r.slug, r.id]));
      const full = await serve(routeHandler());
      const bare = await serve(async (request) => {
        const slug = /^\/api\/v1\/projects\/([^/]+)\/runs$/.exec(new URL(request.url).pathname)?.[1] ?? "";
        const body = (await request.json()) as { name: string; kind: string; externalId: string; metadata: unknown };
        const { rows } = await getPool().query("INSERT INTO runs (project_id, name, kind, external_id, metadata) VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING *", [ids.get(slug), body.name, body.kind, body.externalId, JSON.stringify(body.metadata)]);
        return Response.json(rows[0], { status: 201 });
      });
      try {
        const auth = { authorization: `Bearer ${key}` };
        const lines: string[] = [];
        const ratios: number[] = [];
        for (const [label, paths] of [
          [`${PROJECTS} projects`, slugs.map((s) => `/api/v1/projects/${s}/runs`)],
          ["one project", [`/api/v1/projects/${slugs[0]}/runs`]],
        ] as const) {
          const perRound: number[] = [];
          let lastFull: Load | undefined;
          let lastBare: Load | undefined;
          await post(full.url, [...paths], auth); // warm-up
          for (let r = 0; r < ROUNDS; r++) {
            lastFull = await post(full.url, [...paths], auth);
            lastBare = await post(bare.url, [...paths], {});
            if (lastFull.non2xx || lastFull.errors || lastBare.non2xx || lastBare.errors) throw new Error(`${label}: non-2xx or errors (pipeline ${lastFull.non2xx}/${lastFull.errors}, bare ${lastBare.non2xx}/${lastBare.errors})`);
            perRound.push(lastFull.rps / lastBare.rps);
          }
          const ratio = median(perRound);
          ratios.push(ratio);
          lines.push(
            `${label}: pipeline ${fmt(lastFull!.rps)} runs/s (p50 ${lastFull!.p50} ms, p99 ${lastFull!.p99} ms) vs bare ${fmt(lastBare!.rps)} runs/s (p50 ${lastBare!.p50} ms); per round ${perRound.map((x) => x.toFixed(2)).join(", ")}, median ${ratio.toFixed(2)}`,
          );
        }
        const ratio = Math.min(...ratios);
        return { lines, ratio, target: { text: "pipeline/bare ≥ 0.5 for both (the lower shown)", met: ratio >= 0.5 } };
      } finally {
        await full.close();
        await bare.close();
      }
    }),
};
