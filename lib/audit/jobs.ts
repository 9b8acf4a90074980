import "server-only";
import { registerJob } from "../jobs/scheduler";
import { pruneAuditEvents } from "./retention";

// Hourly is plenty for a retention measured in days; the job lock keeps it to one instance.
registerJob({
  name: "audit.retention",
  intervalMs: 60 * 60 * 1000,
  run: async () => {
    const { removed, cutoff } = await pruneAuditEvents();
    if (removed > 0) console.info(`[audit] retention removed ${removed} events older than ${cutoff.toISOString()}`);
  },
});
