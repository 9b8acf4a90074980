import { getConfig } from "../config";

// The time-partitioned history tables (drizzle/0008). Per-minute aggregates are partitioned
// by day: they are the bulk of the rows, every read names a bucket_start range (so a read
// touches only its days) and retention is 30 days by default (~40 partitions with the ones
// ahead). Monitor checks and run logs are partitioned by week: checks are few (one per
// monitor per interval) and read per monitor without a time bound, and run logs are read by
// run id without one (every partition's index is probed) and kept for ever unless
// RUN_LOG_RETENTION_DAYS is set, so weeks keep the partition count low (52 a year).

export type PartitionPeriod = "day" | "week";

export type HistoryTable = {
  name: "request_metrics" | "slow_query_minutes" | "monitor_checks" | "run_logs";
  /** The partition key. */
  column: string;
  period: PartitionPeriod;
  /** Partitions are kept created this far ahead of now. */
  aheadDays: number;
  /** Partitions are kept created this far back (the retention, so a late or backfilled row lands in its own partition). */
  backDays: () => number;
};

const metricsDays = () => getConfig().METRICS_RETENTION_DAYS;

export const HISTORY_TABLES: readonly HistoryTable[] = [
  { name: "request_metrics", column: "bucket_start", period: "day", aheadDays: 7, backDays: metricsDays },
  { name: "slow_query_minutes", column: "bucket_start", period: "day", aheadDays: 7, backDays: metricsDays },
  { name: "monitor_checks", column: "checked_at", period: "week", aheadDays: 28, backDays: metricsDays },
  { name: "run_logs", column: "ts", period: "week", aheadDays: 28, backDays: () => getConfig().RUN_LOG_RETENTION_DAYS ?? 56 },
];

export function historyTable(name: HistoryTable["name"]): HistoryTable {
  return HISTORY_TABLES.find((t) => t.name === name)!;
}
