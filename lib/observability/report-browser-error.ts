// The browser side of "report once": global-error.tsx (and any error boundary) hands its error
// here. Without a DSN in the page nothing loads; with one, the SDK chunk is imported on
// demand and each error object is sent at most once (React may render a boundary twice).
//
// Whether the page had a DSN is remembered at start-up (instrumentation-client.ts): when the
// root layout itself fails, global-error.tsx replaces the document, and the <meta> tags the
// layout rendered are gone by the time its effect runs.
const reported = new WeakSet<object>();
let sentryInPage = false;

/** Called by instrumentation-client.ts when the server put a DSN in the page. */
export function rememberBrowserSentry(): void {
  sentryInPage = true;
}

export function reportBrowserError(error: unknown): void {
  if (typeof document === "undefined") return;
  if (!sentryInPage && !document.querySelector('meta[name="opsdeck-sentry-dsn"]')) return;
  if (typeof error === "object" && error !== null) {
    if (reported.has(error)) return;
    reported.add(error);
  }
  void import("./sentry-browser").then(({ captureBrowserError }) => captureBrowserError(error));
}
