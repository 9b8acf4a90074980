import { bucketIndex, emptyBuckets, statusClass } from "./histogram";

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

export function addToMinute(sample: { route: string; method: string; status: number; seconds: number }, at = Date.now()): void {
  const minute = Math.floor(at / MINUTE) * MINUTE;
  const s = state();
  let rows = s.minutes.get(minute);
  if (!rows) s.minutes.set(minute, (rows = new Map()));
  const cls = statusClass(sample.status);
  const key = `${sample.route}\u0000${sample.method}\u0000${cls}`;
  let row = rows.get(key);
  if (!row) {
    row = { bucketStart: new Date(minute), route: sample.route, method: sample.method, statusClass: cls, count: 0, sumSeconds: 0, buckets: emptyBuckets() };
    rows.set(key, row);
  }
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
    const s = state();
    const minute = row.bucketStart.getTime();
    let map = s.minutes.get(minute);
    if (!map) s.minutes.set(minute, (map = new Map()));
    const key = `${row.route}\u0000${row.method}\u0000${row.statusClass}`;
    const existing = map.get(key);
    if (!existing) map.set(key, row);
    else {
      existing.count += row.count;
      existing.sumSeconds += row.sumSeconds;
      for (let i = 0; i < row.buckets.length; i++) existing.buckets[i]! += row.buckets[i]!;
    }
  }
}
