import "server-only";
import { lt } from "drizzle-orm";
import { getDb } from "../db/client";
import { monitorChecks } from "../db/schema";
import { historyCutoff } from "../jobs/retention";

/** Drops probe results older than METRICS_RETENTION_DAYS (incidents stay). Returns the rows removed. */
export async function pruneMonitorChecks(now = new Date()): Promise<number> {
  const removed = await getDb().delete(monitorChecks).where(lt(monitorChecks.checkedAt, historyCutoff(now)));
  return removed.rowCount ?? 0;
}
