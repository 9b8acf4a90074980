import "server-only";
import { registerJob } from "../jobs/scheduler";
import { pruneMonitorChecks } from "./retention";
import { runDueProbes } from "./run-probes";

// Ticks every second (one cheap query when nothing is due); each monitor is probed when its
// own interval has elapsed since its last check started, so it runs every interval ±1 s.
registerJob({ name: "monitors.probe", intervalMs: 1_000, run: () => runDueProbes() });
registerJob({ name: "monitors.retention", intervalMs: 10 * 60_000, run: () => pruneMonitorChecks() });
