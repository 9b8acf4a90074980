import * as Sentry from "@sentry/nextjs";
import { sentryOptions, type SentrySettings } from "./sentry-options";

// Loaded by instrumentation-client.ts through a dynamic import, only when the server put a
// DSN in the page: without SENTRY_DSN no Sentry code is in the browser's first load.
export function initBrowserSentry(settings: SentrySettings, requestId: string | null): void {
  Sentry.init(sentryOptions(settings));
  if (requestId) Sentry.setTag("request_id", requestId);
}

/** One error from a boundary that React caught (so no global handler saw it). */
export function captureBrowserError(error: unknown): void {
  Sentry.captureException(error, { mechanism: { handled: false, type: "global-error" } } as Parameters<typeof Sentry.captureException>[1]);
}
