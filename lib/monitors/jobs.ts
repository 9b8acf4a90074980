import "server-only";
import { registerJob } from "../jobs/scheduler";
import { pruneMonitorChecks } from "./retention";
import { runDueProbes } from "./run-probes";

// Ticks every 10 s; each monitor is probed when its own interval has elapsed.
registerJob({ name: "monitors.probe", intervalMs: 10_000, run: () => runDueProbes() });
registerJob({ name: "monitors.retention", intervalMs: 10 * 60_000, run: () => pruneMonitorChecks() });
