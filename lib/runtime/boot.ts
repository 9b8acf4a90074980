import { ConfigError, getConfig } from "../config";

/** Node-side start-up checks, run once per instance from instrumentation.ts. */
export async function bootNode(): Promise<void> {
  try {
    getConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

/** Background jobs start after the config check, only in the server (never during `next build`). */
export async function startBackground(): Promise<void> {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startMetrics } = await import("../metrics/boot");
  startMetrics();
  const { startBackgroundJobs } = await import("../jobs/index");
  startBackgroundJobs();
}
