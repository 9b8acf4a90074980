import { sentryOptions } from "./sentry-options";

// Edge-runtime Sentry (no Node config module there): the same options, from the environment.
export async function initEdgeSentry(): Promise<boolean> {
  const dsn = process.env.SENTRY_DSN;
  if (!dsn) return false;
  const Sentry = await import("@sentry/nextjs");
  Sentry.init(
    sentryOptions({
      dsn,
      environment: process.env.SENTRY_ENVIRONMENT ?? process.env.NODE_ENV ?? "production",
      release: process.env.SENTRY_RELEASE ?? "opsdeck",
      tracesSampleRate: Number(process.env.SENTRY_TRACES_SAMPLE_RATE ?? 0) || 0,
    }),
  );
  return true;
}
