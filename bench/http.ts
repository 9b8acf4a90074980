import autocannon from "autocannon";
import { envInt, median } from "./fixtures";

// Load against route handlers served by the loopback adapter (tests/support/serve.ts). Both
// sides of a comparison go through the same adapter, so its cost cancels out.

export { serve, type Handler, type Served } from "../tests/support/serve";

export type Load = { requests: number; seconds: number; rps: number; p50: number; p99: number; statuses: Record<string, number>; errors: number };

export const LOAD_SECONDS = envInt("BENCH_HTTP_SECONDS", 3);
export const LOAD_CONNECTIONS = envInt("BENCH_HTTP_CONNECTIONS", 10);

/**
 * autocannon against one URL on 127.0.0.1, from a worker thread so the load generator does
 * not share the server's event loop. Counts every status class, so a run that drifted into
 * errors (or 429s) shows instead of passing for throughput.
 */
async function load(url: string, headers: Record<string, string>, seconds = LOAD_SECONDS): Promise<Load> {
  const result = await autocannon({ url, headers, connections: LOAD_CONNECTIONS, duration: seconds, workers: 1 });
  const statuses: Record<string, number> = {};
  for (const cls of ["1xx", "2xx", "3xx", "4xx", "5xx"] as const) if (result[cls]) statuses[cls] = result[cls];
  return {
    requests: result.requests.total,
    seconds: result.duration,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses,
    errors: result.errors + result.timeouts,
  };
}

export type Comparison = { totals: Record<string, Load>; rounds: Record<string, Load[]> };

export const LOAD_ROUNDS = envInt("BENCH_HTTP_ROUNDS", 5);

/**
 * Alternates the variants for `rounds` rounds after a short warm-up each. On a shared
 * machine the load drifts between rounds: compare variants with pairedRatio, which sets
 * each round's figures against the same round's, rather than the totals.
 */
export async function compareLoads(variants: Record<string, { url: string; headers: Record<string, string> }>, rounds = LOAD_ROUNDS): Promise<Comparison> {
  for (const v of Object.values(variants)) await load(v.url, v.headers, 1);
  const perRound: Record<string, Load[]> = {};
  const entries = Object.entries(variants);
  for (let r = 0; r < rounds; r++) {
    // Rotate who goes first, so whatever a round's start costs (GC, autovacuum) is shared.
    const order = [...entries.slice(r % entries.length), ...entries.slice(0, r % entries.length)];
    for (const [name, v] of order) (perRound[name] ??= []).push(await load(v.url, v.headers));
  }
  return { totals: Object.fromEntries(Object.entries(perRound).map(([name, runs]) => [name, combine(runs)])), rounds: perRound };
}

/** The median over rounds of a's throughput / b's in the same round. */
export function pairedRatio(comparison: Comparison, a: string, b: string): number {
  const ratios = comparison.rounds[a]!.map((load, i) => load.rps / comparison.rounds[b]![i]!.rps);
  return median(ratios);
}

/** Each round's ratio, for the report. */
export const roundRatios = (comparison: Comparison, a: string, b: string) =>
  comparison.rounds[a]!.map((load, i) => (load.rps / comparison.rounds[b]![i]!.rps).toFixed(2)).join(", ");

function combine(runs: Load[]): Load {
  const requests = runs.reduce((n, r) => n + r.requests, 0);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  const statuses: Record<string, number> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  return {
    requests,
    seconds,
    rps: requests / seconds,
    p50: Math.round(runs.reduce((n, r) => n + r.p50, 0) / runs.length),
    p99: Math.max(...runs.map((r) => r.p99)),
    statuses,
    errors: runs.reduce((n, r) => n + r.errors, 0),
  };
}

export const describeLoad = (l: Load) =>
  `${Math.round(l.rps).toLocaleString("en-US")} req/s (p50 ${l.p50} ms, p99 ${l.p99} ms; ${Object.entries(l.statuses).map(([k, v]) => `${k} ${v}`).join(", ")}${l.errors ? `; ${l.errors} errors` : ""})`;
