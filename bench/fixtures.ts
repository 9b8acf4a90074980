import { insertApiKey } from "../lib/api-keys/store";
import type { Scope } from "../lib/auth/scopes";
import type { AccessContext } from "../lib/auth/principal";
import { getDb } from "../lib/db/client";

/** A real API key (for requests through the pipeline) and the same caller as the domain sees it. */
export async function benchApiKey(scopes: Scope[]): Promise<{ key: string; ctx: AccessContext }> {
  const { key, apiKey } = await getDb().transaction((tx) => insertApiKey(tx, { name: "bench", scopes }, { type: "system", label: "bench" }));
  return { key, ctx: { principal: { kind: "api_key", key: apiKey }, meta: { requestId: null } } };
}

export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Median wall time of up to `n` sequential calls, in ms, after `warmup` unmeasured ones.
 * Stops early (with at least 5 samples) once `budgetMs` is spent, so a pathological plan
 * makes the benchmark slow to report, not endless.
 */
export async function medianMs(n: number, fn: () => Promise<unknown>, options: { warmup?: number; budgetMs?: number } = {}): Promise<{ ms: number; samples: number }> {
  const { warmup = 3, budgetMs = 20_000 } = options;
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  const deadline = performance.now() + budgetMs;
  while (times.length < n && (times.length < 5 || performance.now() < deadline)) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return { ms: median(times), samples: times.length };
}

/** Calls fn(i) for i in 0…n-1 from `concurrency` loops; total wall time in ms. */
export async function timedConcurrent(n: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await fn(next++);
    }),
  );
  return performance.now() - started;
}

export const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** A positive integer from the environment, or the default. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw.replace(/_/g, ""));
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer (got ${raw})`);
  return n;
}
