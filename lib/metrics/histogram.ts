// Latency histogram shared by the Prometheus exposition and the per-minute history:
// the same upper bounds (seconds), so history rows and scrapes agree. Bucket counts are
// stored per bucket (not cumulative); the last slot counts samples above the top bound.

export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** One slot per bound plus the overflow slot (+Inf). */
export const BUCKET_SLOTS = LATENCY_BUCKETS.length + 1;

export function emptyBuckets(): number[] {
  return new Array<number>(BUCKET_SLOTS).fill(0);
}

/** The slot a duration (seconds) falls in: the first bound it does not exceed. */
export function bucketIndex(seconds: number): number {
  for (let i = 0; i < LATENCY_BUCKETS.length; i++) if (seconds <= LATENCY_BUCKETS[i]!) return i;
  return LATENCY_BUCKETS.length;
}

/** Sums per-bucket counts element-wise (instances, minutes): merged histograms, never averaged percentiles. */
export function mergeBuckets(into: number[], add: readonly number[]): number[] {
  for (let i = 0; i < BUCKET_SLOTS; i++) into[i] = (into[i] ?? 0) + (add[i] ?? 0);
  return into;
}

/**
 * The q-quantile (0 < q ≤ 1) of a histogram, interpolated linearly inside the bucket that
 * holds the rank (as Prometheus's histogram_quantile does). Null for an empty histogram;
 * the overflow slot answers the top bound, the most we can know.
 */
export function quantileFromBuckets(buckets: readonly number[], q: number): number | null {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < BUCKET_SLOTS; i++) {
    const count = buckets[i] ?? 0;
    if (count > 0 && seen + count >= rank) {
      if (i === LATENCY_BUCKETS.length) return LATENCY_BUCKETS[LATENCY_BUCKETS.length - 1]!;
      const lower = i === 0 ? 0 : LATENCY_BUCKETS[i - 1]!;
      const upper = LATENCY_BUCKETS[i]!;
      return lower + (upper - lower) * ((rank - seen) / count);
    }
    seen += count;
  }
  return LATENCY_BUCKETS[LATENCY_BUCKETS.length - 1]!;
}

/** "2xx" … "5xx" for history rows (status classes keep the row count bounded). */
export function statusClass(status: number): string {
  const c = Math.floor(status / 100);
  return c >= 1 && c <= 5 ? `${c}xx` : "5xx";
}
