import "server-only";
import { registerJob } from "../jobs/scheduler";
import { flushSlowQueries, pruneSlowQueries } from "./flush";

// Each instance flushes its own recorder; retention runs on one instance under the job lock.
registerJob({ name: "slow-queries.flush", intervalMs: 10_000, everyInstance: true, run: () => flushSlowQueries() });
registerJob({ name: "slow-queries.retention", intervalMs: 10 * 60_000, run: () => pruneSlowQueries() });
