import type { Instrumentation } from "next";

// Runs once per server instance before it takes requests. Everything it starts is wired in
// lib/boot.ts; this app has no edge runtime.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Traces first, so the tracer provider exists before anything starts a span.
    const { startTracing } = await import("./lib/observability/tracing");
    await startTracing();
    const { boot } = await import("./lib/boot");
    await boot();
  }
}

/** Errors Next itself catches (pages, server actions, unhandled handler throws) go to Sentry with the request id. */
export const onRequestError: Instrumentation.onRequestError = async (err, request, context) => {
  if (!process.env.SENTRY_DSN) return;
  const Sentry = await import("@sentry/nextjs");
  const header = request.headers["x-request-id"];
  const requestId = Array.isArray(header) ? header[0] : header;
  Sentry.withScope((scope) => {
    if (requestId) scope.setTag("request_id", requestId);
    Sentry.captureRequestError(err, request, context);
  });
};
