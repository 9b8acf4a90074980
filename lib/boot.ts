import { ConfigError, getConfig } from "./config";
import { logger } from "./log/logger";

// Everything an instance starts, once, from instrumentation.ts (Node runtime only), in one
// place: the configuration check first (a bad value stops the start with one line), then
// Sentry, then — outside `next build` — the query observer, metrics and background jobs.
// Modules are imported lazily so a build loads none of them.

export async function boot(): Promise<void> {
  try {
    getConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      logger().fatal(err.message);
      process.exit(1);
    }
    throw err;
  }
  const building = process.env.NEXT_PHASE === "phase-production-build";
  // Before the first request, and before Sentry: the edge contract, the client address
  // (TRUST_PROXY), compression and request metrics. Sentry's HTTP instrumentation wraps the
  // server's emit when it starts; installed first, these hooks are inside its wrapper
  // instead of being passed over by it.
  if (!building) {
    const { installServerHooks } = await import("./http/node-server");
    installServerHooks();
  }
  // Sentry only with SENTRY_DSN; the SDK is not even loaded otherwise.
  const { initServerSentry } = await import("./observability/sentry-server");
  await initServerSentry();
  if (building) return;
  await installQueryObserver();
  const { startMetrics } = await import("./metrics/start");
  startMetrics();
  await startAuditSequencerIfDatabase();
  await startJobsIfEnabled();
}

/** Every instance offers to sequence pending audit events (lib/audit/sequencer.ts); its lock elects one. */
async function startAuditSequencerIfDatabase(): Promise<void> {
  if (!getConfig().DATABASE_URL) return;
  const { startAuditSequencer } = await import("./audit/sequencer");
  startAuditSequencer();
}

/** Every query of the app's pool is timed (lib/db/timed-client.ts) and slow ones recorded (lib/queries/recorder.ts). */
export async function installQueryObserver(): Promise<void> {
  const [{ setQueryObserver }, { slowQueryRecorder }] = await Promise.all([import("./db/timed-client"), import("./queries/recorder")]);
  // The recorder (and the configuration it reads) is made on the first query, not here.
  setQueryObserver((observation) => slowQueryRecorder().observe(observation));
}

/** Each job module registers its jobs when imported; they run on one instance at a time. */
export async function startJobsIfEnabled(): Promise<void> {
  const config = getConfig();
  if (!config.OPSDECK_JOBS || !config.DATABASE_URL) return;
  await Promise.all([import("./audit/jobs"), import("./metrics/jobs"), import("./monitors/jobs"), import("./queries/jobs"), import("./runs/jobs"), import("./alerts/jobs"), import("./history/jobs"), import("./status-pages/jobs")]);
  const { startJobs } = await import("./jobs/scheduler");
  startJobs();
}
