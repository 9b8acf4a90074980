// The browser side of "report once": global-error.tsx (and any error boundary) hands its error
// here. Without a DSN in the page nothing loads; with one, the SDK chunk is imported on
// demand and each error object is sent at most once (React may render a boundary twice).
const reported = new WeakSet<object>();

export function reportBrowserError(error: unknown): void {
  if (typeof document === "undefined") return;
  if (!document.querySelector('meta[name="opsdeck-sentry-dsn"]')) return;
  if (typeof error === "object" && error !== null) {
    if (reported.has(error)) return;
    reported.add(error);
  }
  void import("./sentry-browser").then(({ captureBrowserError }) => captureBrowserError(error));
}
