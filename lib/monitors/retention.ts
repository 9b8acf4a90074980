import "server-only";
import { dropPartitionsBefore, type DropResult } from "../history/partitions";
import { historyCutoff } from "../jobs/retention";

/** Drops the week partitions of probe results wholly older than METRICS_RETENTION_DAYS (incidents stay). */
export async function pruneMonitorChecks(now = new Date()): Promise<DropResult> {
  return dropPartitionsBefore("monitor_checks", historyCutoff(now));
}
