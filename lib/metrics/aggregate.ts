import { addBuckets, bucketIndex, emptyBuckets, statusClass } from "./histogram";

// This process's per-minute aggregates, waiting to be flushed into request_metrics.
// Keyed by minute, route, method and status class; only closed minutes are drained, except
// at shutdown when the current one goes too (a restart loses at most the current minute).

export type MinuteAggregate = {
  bucketStart: Date;
  route: string;
  method: string;
  statusClass: string;
  count: number;
  sumSeconds: number;
  buckets: number[];
};

const MINUTE = 60_000;
type State = { minutes: Map<number, Map<string, MinuteAggregate>> };
const holder = globalThis as unknown as { __opsdeckMinuteAggregates?: State };
const state = (): State => (holder.__opsdeckMinuteAggregates ??= { minutes: new Map() });

/** The aggregate of (minute, route, method, status class), created empty on first use. */
function rowFor(minute: number, route: string, method: string, statusClass: string): MinuteAggregate {
  const s = state();
  let rows = s.minutes.get(minute);
  if (!rows) s.minutes.set(minute, (rows = new Map()));
  const key = `${route}\u0000${method}\u0000${statusClass}`;
  let row = rows.get(key);
  if (!row) rows.set(key, (row = { bucketStart: new Date(minute), route, method, statusClass, count: 0, sumSeconds: 0, buckets: emptyBuckets() }));
  return row;
}

export function addToMinute(sample: { route: string; method: string; status: number; seconds: number }, at = Date.now()): void {
  const row = rowFor(Math.floor(at / MINUTE) * MINUTE, sample.route, sample.method, statusClass(sample.status));
  row.count++;
  row.sumSeconds += sample.seconds;
  row.buckets[bucketIndex(sample.seconds)]!++;
}

/** Removes and returns the aggregates of minutes that have ended (all of them when `all`). */
export function drainMinutes(options: { all?: boolean; now?: number } = {}): MinuteAggregate[] {
  const current = Math.floor((options.now ?? Date.now()) / MINUTE) * MINUTE;
  const out: MinuteAggregate[] = [];
  const s = state();
  for (const [minute, rows] of s.minutes) {
    if (!options.all && minute >= current) continue;
    out.push(...rows.values());
    s.minutes.delete(minute);
  }
  return out;
}

/** Puts aggregates back after a failed flush, so the next tick retries them. */
export function restoreMinutes(rows: MinuteAggregate[]): void {
  for (const row of rows) {
    const into = rowFor(row.bucketStart.getTime(), row.route, row.method, row.statusClass);
    into.count += row.count;
    into.sumSeconds += row.sumSeconds;
    addBuckets(into.buckets, row.buckets);
  }
}
