import { bucketHistogram } from "../metrics/histogram";

// Slow-query durations in fixed millisecond buckets (plus the overflow slot), stored per
// bucket so minutes and instances merge by addition. Quantiles take the observed maximum,
// so an estimate never exceeds it.

export const SLOW_QUERY_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000] as const;

export const { emptyBuckets, bucketIndex, addBuckets, quantile: quantileFromBuckets } = bucketHistogram(SLOW_QUERY_BUCKETS_MS);
