import "server-only";
import { registerJob } from "../jobs/scheduler";
import { flushRequestMetrics, rollUpAndPrune } from "./flush";

// Every instance flushes its own minutes; the roll-up and retention run on one instance at
// a time (the scheduler's advisory lock).
registerJob({ name: "metrics.flush", intervalMs: 60_000, everyInstance: true, run: () => flushRequestMetrics() });
registerJob({ name: "metrics.rollup", intervalMs: 10 * 60_000, run: () => rollUpAndPrune() });
