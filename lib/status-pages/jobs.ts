import "server-only";
import { registerJob } from "../jobs/scheduler";
import { announceMaintenance } from "./updates";

// Maintenance windows starting or ending are mailed to subscribers once (claimed by a conditional UPDATE).
registerJob({ name: "status-pages.maintenance", intervalMs: 30_000, run: () => announceMaintenance() });
