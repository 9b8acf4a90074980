import { sql, type SQL } from "drizzle-orm";

// Fixed-bucket histograms, shared by request latency (here) and slow-query durations
// (lib/queries/histogram.ts). Bucket counts are stored per bucket (not cumulative), one slot
// per upper bound plus an overflow slot (+Inf), so minutes and instances merge by addition:
// merged histograms, never averaged percentiles.

export type BucketHistogram = {
  /** One slot per bound plus the overflow slot (+Inf). */
  slots: number;
  emptyBuckets(): number[];
  /** The slot a value falls in: the first bound it does not exceed, else the overflow slot. */
  bucketIndex(value: number): number;
  /** Adds per-bucket counts element-wise into `into`. */
  addBuckets(into: number[], add: readonly number[]): number[];
  /**
   * The q-quantile (0 < q ≤ 1), interpolated linearly inside the bucket that holds the rank
   * (as Prometheus's histogram_quantile does). Null for an empty histogram. With `max` (the
   * observed maximum) the answer never exceeds it and the overflow slot reaches up to it;
   * without, the overflow slot answers the top bound, the most we can know.
   */
  quantile(buckets: readonly number[], q: number, max?: number): number | null;
};

export function bucketHistogram(bounds: readonly number[]): BucketHistogram {
  const slots = bounds.length + 1;
  const top = bounds[bounds.length - 1]!;
  return {
    slots,
    emptyBuckets: () => new Array<number>(slots).fill(0),
    bucketIndex(value) {
      for (let i = 0; i < bounds.length; i++) if (value <= bounds[i]!) return i;
      return bounds.length;
    },
    addBuckets(into, add) {
      for (let i = 0; i < slots; i++) into[i] = (into[i] ?? 0) + (add[i] ?? 0);
      return into;
    },
    quantile(buckets, q, max) {
      const total = buckets.reduce((a, b) => a + b, 0);
      if (total === 0) return null;
      const ceiling = max ?? Number.POSITIVE_INFINITY;
      const rank = q * total;
      let seen = 0;
      for (let i = 0; i < slots; i++) {
        const count = buckets[i] ?? 0;
        if (count > 0 && seen + count >= rank) {
          const lower = i === 0 ? 0 : bounds[i - 1]!;
          const upper = Math.min(i < bounds.length ? bounds[i]! : (max ?? top), ceiling);
          if (upper <= lower) return upper;
          return lower + (upper - lower) * ((rank - seen) / count);
        }
        seen += count;
      }
      return max ?? top;
    },
  };
}

/** Element-wise sum of two stored bucket arrays in SQL (upserts and roll-ups); a shorter array counts as zeros. */
export function addBucketArrays(a: SQL, b: SQL): SQL {
  return sql`ARRAY(SELECT coalesce(x, 0) + coalesce(y, 0) FROM unnest(${a}, ${b}) WITH ORDINALITY AS t(x, y, i) ORDER BY i)`;
}

/** Request latency bounds (seconds), the same for the Prometheus exposition and the per-minute history, so history rows and scrapes agree. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

export const {
  slots: BUCKET_SLOTS,
  emptyBuckets,
  bucketIndex,
  addBuckets,
  quantile: quantileFromBuckets,
} = bucketHistogram(LATENCY_BUCKETS);

/** "2xx" … "5xx" for history rows (status classes keep the row count bounded). */
export function statusClass(status: number): string {
  const c = Math.floor(status / 100);
  return c >= 1 && c <= 5 ? `${c}xx` : "5xx";
}
