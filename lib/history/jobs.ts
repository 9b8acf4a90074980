import "server-only";
import { getConfig } from "../config";
import { registerJob } from "../jobs/scheduler";
import { dropPartitionsBefore, ensureHistoryPartitions } from "./partitions";

/** Drops run-log partitions older than RUN_LOG_RETENTION_DAYS; nothing when it is unset (logs kept). */
export async function pruneRunLogs(now = new Date()): Promise<{ partitions: number; strayRows: number } | null> {
  const days = getConfig().RUN_LOG_RETENTION_DAYS;
  if (days === undefined) return null;
  return dropPartitionsBefore("run_logs", new Date(now.getTime() - days * 86_400_000));
}

// Partitions are made a week (or four) ahead, so a tick every 15 minutes on one instance at a
// time (the scheduler's lock) has ample slack; a missed stretch only sends rows to the default
// partition, from which the next run moves them into their own.
registerJob({ name: "history.partitions", intervalMs: 15 * 60_000, run: () => ensureHistoryPartitions() });
registerJob({ name: "history.run_logs_retention", intervalMs: 60 * 60_000, run: () => pruneRunLogs() });
