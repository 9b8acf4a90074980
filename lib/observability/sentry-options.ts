import { scrubBreadcrumb, scrubEvent, scrubValue } from "./scrub";

// Options every Sentry runtime shares. Sentry is active only when a DSN is configured; the
// callers do not even load the SDK otherwise.

export type SentrySettings = { dsn: string; environment: string; release: string; tracesSampleRate: number };

export function sentryOptions(settings: SentrySettings) {
  return {
    dsn: settings.dsn,
    environment: settings.environment,
    release: settings.release,
    tracesSampleRate: settings.tracesSampleRate,
    sendDefaultPii: false,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Sentry's event types differ per runtime
    beforeSend: (event: any) => scrubEvent(event),
    // Spans are streamed (v11 default), so they are scrubbed one by one: URLs and SQL attributes.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
    beforeSendSpan: (span: any) => scrubValue(span),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
    beforeBreadcrumb: (breadcrumb: any) => scrubBreadcrumb(breadcrumb),
  };
}
