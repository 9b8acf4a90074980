import { NextRequest } from "next/server";
import { POST as postBatch } from "../app/api/v1/projects/[slug]/runs/batch/route";
import { POST as postRun } from "../app/api/v1/projects/[slug]/runs/route";
import { getDb, getPool } from "../lib/db/client";
import { benchProjectSlug, generateRuns } from "../lib/demo/generate-runs";
import type { RunCreateInput } from "../lib/runs/schemas";
import { withBenchDatabase } from "./database";
import { benchApiKey, envInt, fmt, timedConcurrent } from "./fixtures";
import type { Bench } from "./registry";

const BATCH = 1_000;
const BATCHES = envInt("BENCH_BATCHES", 20);
const SINGLES = envInt("BENCH_SINGLE_RUNS", 2_000);
const BATCH_CONCURRENCY = 2;
const SINGLE_CONCURRENCY = 8;

const runInput = (i: number): RunCreateInput => ({
  name: `build #${10_000 + i}`,
  kind: "ci",
  externalId: `gha-${i}`,
  status: i % 4 === 0 ? "running" : "queued",
  metadata: { branch: i % 3 ? "main" : "feat/usage-based-billing", commit: (0x1000000 + i).toString(16), trigger: "push" },
});

// Ingestion through the route handlers (body parsing, zod, transaction, audit event, DTOs
// in the answer), as runs/s: batches of 1000 vs one POST per run, against a bare
// multi-row INSERT of the same rows as the floor.
export const batchIngestBench: Bench = {
  name: "batch-ingest",
  description: `${fmt(BATCHES * BATCH)} runs as POST …/runs/batch × ${BATCH} (${BATCH_CONCURRENCY} concurrent) vs ${fmt(SINGLES)} single POSTs (${SINGLE_CONCURRENCY} concurrent) vs raw INSERT … VALUES × ${BATCH}`,
  run: () =>
    withBenchDatabase(async () => {
      await generateRuns(getDb(), { runs: 0, projects: 1 });
      const { key } = await benchApiKey(["runs:write"]);
      const slug = benchProjectSlug(1);
      const [project] = (await getPool().query<{ id: string }>("SELECT id FROM projects WHERE slug = $1", [slug])).rows;
      const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
      const base = `http://127.0.0.1/api/v1/projects/${slug}/runs`;
      const params = { params: Promise.resolve({ slug }) };
      const expect201 = async (response: Response) => {
        if (response.status !== 201) throw new Error(`answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
        await response.arrayBuffer();
      };
      const batchOf = (b: number) => Array.from({ length: BATCH }, (_, i) => runInput(b * BATCH + i));

      // What a client sends is built before the clock starts: only the server's work is timed.
      const rawInserts = Array.from({ length: BATCHES }, (_, b) => {
        const values: unknown[] = [];
        const tuples = batchOf(b).map((r, i) => {
          values.push(project!.id, r.name, r.kind, r.externalId, r.status, JSON.stringify(r.metadata));
          const n = i * 6;
          return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}::run_status, $${n + 6}::jsonb)`;
        });
        return { text: `INSERT INTO runs (project_id, name, kind, external_id, status, metadata) VALUES ${tuples.join(", ")}`, values };
      });
      const batchBodies = Array.from({ length: BATCHES }, (_, b) => JSON.stringify({ runs: batchOf(BATCHES + b) }));
      const singleBodies = Array.from({ length: SINGLES }, (_, i) => JSON.stringify(runInput(2 * BATCHES * BATCH + i)));

      const rawMs = await timedConcurrent(BATCHES, BATCH_CONCURRENCY, async (b) => {
        await getPool().query(rawInserts[b]!.text, rawInserts[b]!.values);
      });
      const batchMs = await timedConcurrent(BATCHES, BATCH_CONCURRENCY, async (b) => {
        await expect201(await postBatch(new NextRequest(`${base}/batch`, { method: "POST", headers, body: batchBodies[b] }), params));
      });
      const singleMs = await timedConcurrent(SINGLES, SINGLE_CONCURRENCY, async (i) => {
        await expect201(await postRun(new NextRequest(base, { method: "POST", headers, body: singleBodies[i] }), params));
      });

      const [{ count }] = (await getPool().query<{ count: number }>("SELECT count(*)::int AS count FROM runs")).rows as [{ count: number }];
      if (count !== 2 * BATCHES * BATCH + SINGLES) throw new Error(`expected ${2 * BATCHES * BATCH + SINGLES} runs, found ${count}`);

      const perSecond = (rows: number, ms: number) => rows / (ms / 1000);
      const raw = perSecond(BATCHES * BATCH, rawMs);
      const batch = perSecond(BATCHES * BATCH, batchMs);
      const single = perSecond(SINGLES, singleMs);
      return {
        lines: [
          `raw INSERT … VALUES: ${fmt(raw)} runs/s`,
          `POST …/runs/batch:   ${fmt(batch)} runs/s (${fmt(batchMs / BATCHES, 1)} ms per call)`,
          `POST …/runs:         ${fmt(single)} runs/s (${fmt((singleMs / SINGLES) * SINGLE_CONCURRENCY, 1)} ms per call)`,
          `batch/single: ${fmt(batch / single, 1)}`,
          `batch/raw: ${fmt(batch / raw, 2)} (the ratio below)`,
        ],
        ratio: batch / raw,
        target: { text: "batch ≥ 10,000 runs/s", met: batch >= 10_000 },
      };
    }),
};
