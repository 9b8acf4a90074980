import { NextRequest } from "next/server";
import { pauseTracingForBench, tracingConfigured } from "../lib/observability/tracing";
import { withBenchDatabase } from "./database";
import { fmt, median, medianMs } from "./fixtures";
import { compareLoads, describeLoad, LOAD_CONNECTIONS, LOAD_ROUNDS, LOAD_SECONDS, pairedRatio, roundRatios, serve } from "./http";
import type { Bench } from "./registry";
import { LIST_RUNS, setupRunsList, type RunsList } from "./runs-list";

/**
 * With OTEL_EXPORTER_OTLP_ENDPOINT set: the same handler called in-process, traced and untraced
 * in alternating blocks of one session (spans exported to the configured endpoint), median latency each.
 */
async function tracingCost(list: RunsList): Promise<string[]> {
  const call = () => list.full(new NextRequest(`http://bench.local${list.path}`, { headers: { authorization: `Bearer ${list.key}` } })).then((r) => r.arrayBuffer());
  const traced: number[] = [];
  const plain: number[] = [];
  for (let round = 0; round < 6; round++) {
    pauseTracingForBench(round % 2 === 1);
    (round % 2 === 1 ? plain : traced).push((await medianMs(60, call, { warmup: 5 })).ms);
  }
  pauseTracingForBench(false);
  const t = median(traced);
  const p = median(plain);
  return [`tracing on vs off, in-process, same session: median ${fmt(t, 2)} ms vs ${fmt(p, 2)} ms per request (${fmt((t / p - 1) * 100, 1)}% overhead)`];
}

// What the pipeline (API key lookup, rate limit, zod, problem+json, ETag, headers) costs on
// a typical read, as throughput against a handler that only runs the same SQL.
export const pipelineOverheadBench: Bench = {
  name: "pipeline-overhead",
  description: `GET first page of ${fmt(LIST_RUNS)} runs over loopback HTTP, ${LOAD_CONNECTIONS} connections, ${LOAD_ROUNDS} alternating rounds × ${LOAD_SECONDS} s each: full pipeline vs bare handler with the same SQL`,
  run: () =>
    withBenchDatabase(async () => {
      const list = await setupRunsList();
      const full = await serve(list.full);
      const bare = await serve(list.bare);
      try {
        const auth = { authorization: `Bearer ${list.key}` };
        for (const [url, headers] of [[full.url, auth], [bare.url, {}]] as const) {
          const res = await fetch(url + list.path, { headers });
          const body = (await res.json()) as { data?: unknown[] };
          if (res.status !== 200 || body.data?.length !== 50) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(body).slice(0, 200)}`);
        }
        const loads = await compareLoads({
          pipeline: { url: full.url + list.path, headers: auth },
          bare: { url: bare.url + list.path, headers: {} },
        });
        const ratio = pairedRatio(loads, "pipeline", "bare");
        const lines = [
          `full pipeline: ${describeLoad(loads.totals.pipeline!)}`,
          `bare handler:  ${describeLoad(loads.totals.bare!)}`,
          `pipeline/bare per round: ${roundRatios(loads, "pipeline", "bare")} (the ratio below is their median)`,
        ];
        if (list.drift) lines.push(`WARNING: ${list.drift}`);
        if (tracingConfigured()) lines.push(...(await tracingCost(list)));
        return { lines, ratio, target: { text: "pipeline/bare ≥ 0.8", met: ratio >= 0.8 } };
      } finally {
        await full.close();
        await bare.close();
      }
    }),
};
