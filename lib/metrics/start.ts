import { onSlowQuery } from "../queries/recorder";
import { countSlowQuery } from "./record";
import { errorField, log } from "../log/logger";

// Called once per Node instance by lib/boot.ts (never during `next build`).
export function startMetrics(): void {
  // The slow-query recorder (lib/queries) counts into the Prometheus registry.
  onSlowQuery(() => countSlowQuery());
  // A restart loses at most the current minute: on SIGTERM the open minute is flushed too,
  // racing Next's own graceful close (which first drains in-flight requests).
  process.once("SIGTERM", () => {
    void import("./flush")
      .then(({ flushRequestMetrics }) => flushRequestMetrics({ all: true }))
      .catch((err: Error) => log("metrics").error({ err: errorField(err) }, "flush at shutdown failed"));
  });
}
