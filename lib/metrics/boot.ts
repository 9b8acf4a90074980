import { installHttpHook } from "./http-hook";

// Called once per Node instance from instrumentation.ts (never during `next build`).
export function startMetrics(): void {
  installHttpHook();
  // A restart loses at most the current minute: on SIGTERM the open minute is flushed too,
  // racing Next's own graceful close (which first drains in-flight requests).
  process.once("SIGTERM", () => {
    void import("./flush")
      .then(({ flushRequestMetrics }) => flushRequestMetrics({ all: true }))
      .catch((err: Error) => console.error(`[metrics] flush at shutdown failed: ${err.message}`));
  });
}
