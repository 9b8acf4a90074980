import { getConfig } from "../config";

/** History (request metrics, slow queries, monitor checks) older than this goes at retention time: METRICS_RETENTION_DAYS before `now`. */
export function historyCutoff(now = new Date()): Date {
  return new Date(now.getTime() - getConfig().METRICS_RETENTION_DAYS * 86_400_000);
}
