import "server-only";
import { getConfig } from "../config";
import { registerJob } from "../jobs/scheduler";
import { dispatchDue } from "../notifications/dispatch";
import { evaluateAlerts } from "./evaluate";

// Evaluation every ALERTS_EVAL_INTERVAL_SECONDS and delivery every second, each on one
// instance at a time (the scheduler's advisory lock); both are safe to run twice anyway.
registerJob({ name: "alerts.evaluate", intervalMs: getConfig().ALERTS_EVAL_INTERVAL_SECONDS * 1000, run: () => evaluateAlerts() });
registerJob({ name: "notifications.deliver", intervalMs: 1_000, run: () => dispatchDue() });
