import appPackage from "../../package.json";
import { getConfig } from "../config";
import { sentryOptions, type SentrySettings } from "./sentry-options";
import { tracingEnabled } from "./tracing";

// Node-side Sentry: initialised from instrumentation.ts when SENTRY_DSN is set; the SDK is
// imported only then. Route-handler 500s are answered by our pipeline (not thrown to Next),
// so the pipeline reports them here with the request id as a tag.

type SentryModule = typeof import("@sentry/nextjs");
const holder = globalThis as unknown as { __opsdeckSentry?: SentryModule };

export function serverSentrySettings(overrides: Partial<SentrySettings> = {}): SentrySettings | null {
  const config = getConfig();
  const dsn = overrides.dsn ?? config.SENTRY_DSN;
  if (!dsn) return null;
  return {
    dsn,
    environment: overrides.environment ?? config.SENTRY_ENVIRONMENT ?? (config.OPSDECK_DEMO ? "demo" : config.NODE_ENV),
    release: overrides.release ?? config.SENTRY_RELEASE ?? `opsdeck@${appPackage.version}`,
    tracesSampleRate: overrides.tracesSampleRate ?? config.SENTRY_TRACES_SAMPLE_RATE,
  };
}

/** Starts Sentry for this process when a DSN is configured; returns whether it did. */
export async function initServerSentry(overrides: Partial<SentrySettings> = {}): Promise<boolean> {
  const settings = serverSentrySettings(overrides);
  if (!settings) return false;
  const Sentry = await import("@sentry/nextjs");
  // With OTLP tracing on, the tracer provider is ours (lib/observability/tracing.ts); Sentry keeps errors.
  Sentry.init({ ...sentryOptions(settings), ...(tracingEnabled() ? { skipOpenTelemetrySetup: true } : {}) });
  holder.__opsdeckSentry = Sentry;
  return true;
}

export function serverSentry(): SentryModule | undefined {
  return holder.__opsdeckSentry;
}

type RequestInfo = { method: string; url: string; headers: Headers };

/** Reports an unexpected server error; a no-op (false) without Sentry. */
export function reportServerError(err: unknown, context: { requestId: string; route: string; request?: RequestInfo }): boolean {
  const Sentry = holder.__opsdeckSentry;
  if (!Sentry) return false;
  Sentry.withScope((scope) => {
    scope.setTag("request_id", context.requestId);
    scope.setTag("route", context.route);
    scope.setTransactionName(`${context.request?.method ?? ""} ${context.route}`.trim());
    if (context.request) {
      // The request goes in like Sentry's own integrations put it; beforeSend scrubs it.
      scope.setSDKProcessingMetadata({
        normalizedRequest: { method: context.request.method, url: context.request.url, headers: Object.fromEntries(context.request.headers.entries()) },
      });
    }
    Sentry.captureException(err);
  });
  return true;
}

/** Waits (bounded) until queued events are sent. */
export async function flushServerSentry(timeoutMs = 2_000): Promise<boolean> {
  return (await holder.__opsdeckSentry?.flush(timeoutMs)) ?? true;
}
