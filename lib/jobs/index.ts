import "server-only";
import { getConfig } from "../config";
import { startJobs } from "./scheduler";
import "../queries/jobs";
import "../audit/jobs";

// Importing a job module registers its jobs; add one import per feature that has background work.
import "../metrics/jobs";
import "../monitors/jobs";

/** Called once per Node instance at boot (instrumentation.ts). */
export async function startBackgroundJobs(): Promise<void> {
  if (!getConfig().OPSDECK_JOBS || !process.env.DATABASE_URL) return;
  startJobs();
}
