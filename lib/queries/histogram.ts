// Slow-query durations in fixed millisecond buckets (upper bounds, last is +Inf). The
// per-bucket (not cumulative) counts are stored, so minutes and instances merge by addition.

export const SLOW_QUERY_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, Infinity] as const;

export function bucketIndex(ms: number): number {
  const i = SLOW_QUERY_BUCKETS_MS.findIndex((upper) => ms <= upper);
  return i < 0 ? SLOW_QUERY_BUCKETS_MS.length - 1 : i;
}

export function emptyBuckets(): number[] {
  return SLOW_QUERY_BUCKETS_MS.map(() => 0);
}

export function addBuckets(into: number[], from: readonly number[]): number[] {
  for (let i = 0; i < into.length; i++) into[i]! += from[i] ?? 0;
  return into;
}

/**
 * A quantile estimated from the buckets: the bucket holding the q-th observation, linearly
 * interpolated inside it, never above the observed maximum.
 */
export function quantileFromBuckets(buckets: readonly number[], q: number, maxMs: number): number | null {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    const count = buckets[i] ?? 0;
    if (count > 0 && seen + count >= rank) {
      const lower = i === 0 ? 0 : SLOW_QUERY_BUCKETS_MS[i - 1]!;
      const upper = Math.min(SLOW_QUERY_BUCKETS_MS[i]!, maxMs);
      if (upper <= lower) return Math.min(maxMs, upper);
      return Math.min(maxMs, lower + ((rank - seen) / count) * (upper - lower));
    }
    seen += count;
  }
  return maxMs;
}
