// Browser-side start-up. Sentry's settings come from <meta> tags the root layout renders
// only when SENTRY_DSN is set (the DSN is runtime configuration, not baked into the build);
// the SDK is a separate chunk loaded on demand.
import { rememberBrowserSentry } from "./lib/observability/report-browser-error";

const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? null;

const dsn = meta("opsdeck-sentry-dsn");
if (dsn) {
  rememberBrowserSentry();
  void import("./lib/observability/sentry-browser").then(({ initBrowserSentry }) =>
    initBrowserSentry(
      {
        dsn,
        environment: meta("opsdeck-sentry-environment") ?? "production",
        release: meta("opsdeck-sentry-release") ?? "opsdeck",
        tracesSampleRate: Number(meta("opsdeck-sentry-traces-sample-rate") ?? 0) || 0,
      },
      meta("opsdeck-request-id"),
    ),
  );
}
