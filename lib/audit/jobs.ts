import "server-only";
import { registerJob } from "../jobs/scheduler";
import { pruneAuditEvents } from "./retention";
import { log } from "../log/logger";

// Hourly is plenty for a retention measured in days; the job lock keeps it to one instance.
registerJob({
  name: "audit.retention",
  intervalMs: 60 * 60 * 1000,
  run: async () => {
    const { removed, cutoff } = await pruneAuditEvents();
    if (removed > 0) log("audit").info({ removed, cutoff: cutoff.toISOString() }, "retention removed old events");
  },
});
