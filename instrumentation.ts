import type { Instrumentation } from "next";

// Runs once per server instance before it takes requests: a bad configuration stops the
// start here with one line naming the variable, rather than failing on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { bootNode, startBackground } = await import("./lib/runtime/boot");
    await bootNode();
    // Sentry only with SENTRY_DSN; the SDK is not even loaded otherwise.
    const { initServerSentry } = await import("./lib/observability/sentry-server");
    await initServerSentry();
    await startBackground();
  } else if (process.env.NEXT_RUNTIME === "edge") {
    const { initEdgeSentry } = await import("./lib/observability/sentry-edge");
    await initEdgeSentry();
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
