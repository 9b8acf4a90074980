import "server-only";
import { getConfig } from "../config";
import { startJobs } from "./scheduler";

// Importing a job module registers its jobs; add one import per feature that has background work.
import "../audit/jobs";
import "../metrics/jobs";
import "../monitors/jobs";
import "../queries/jobs";

/** Called once per Node instance at boot (lib/runtime/boot.ts), when jobs are enabled and a database is configured. */
export function startBackgroundJobs(): void {
  const config = getConfig();
  if (config.OPSDECK_JOBS && config.DATABASE_URL) startJobs();
}
