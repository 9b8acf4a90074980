import { headers } from "next/headers";
import { serverSentrySettings } from "@/lib/observability/sentry-server";

/** The browser SDK's settings, rendered only when SENTRY_DSN is set (the DSN is public by design). */
export async function SentryMeta() {
  const settings = serverSentrySettings();
  if (!settings) return null;
  const requestId = (await headers()).get("x-request-id");
  return (
    <>
      <meta name="opsdeck-sentry-dsn" content={settings.dsn} />
      <meta name="opsdeck-sentry-environment" content={settings.environment} />
      <meta name="opsdeck-sentry-release" content={settings.release} />
      <meta name="opsdeck-sentry-traces-sample-rate" content={String(settings.tracesSampleRate)} />
      {requestId ? <meta name="opsdeck-request-id" content={requestId} /> : null}
    </>
  );
}
