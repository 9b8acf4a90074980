import { z } from "zod";
import { parseTrustProxy } from "./request/client-address";

// Configuration is read once, validated here, and passed down. A bad value stops
// the start with one line naming the variable (see ConfigError.message).

const bool = z.enum(["0", "1", "true", "false"]).transform((v) => v === "1" || v === "true");
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const url = (protocols: string[]) =>
  z.string().url().refine((v) => protocols.some((p) => v.startsWith(p)), {
    message: `must start with ${protocols.join(" or ")}`,
  });

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: int(1, 65535).default(3000),
  DATABASE_URL: url(["postgres://", "postgresql://"]).optional(),
  DATABASE_REPLICA_URL: url(["postgres://", "postgresql://"]).optional(),
  /** A direct (not pooled) connection for session-level work: migrations and advisory-lock jobs. */
  DATABASE_DIRECT_URL: url(["postgres://", "postgresql://"]).optional(),
  /**
   * `transaction` when DATABASE_URL goes through a transaction-mode pooler (PgBouncer): no named
   * prepared statements, no session settings in the startup packet (timeouts are enforced by
   * the client), and session-level work over DATABASE_DIRECT_URL, which is then required.
   */
  DATABASE_POOL_MODE: z.enum(["session", "transaction"]).default("session"),
  /** Replica reads fall back to the primary beyond this replay lag. */
  DATABASE_REPLICA_MAX_LAG_SECONDS: int(1, 3600).default(10),
  DATABASE_POOL_MAX: int(1, 500).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: int(100, 120_000).default(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: int(100, 3_600_000).default(15_000),
  OPSDECK_DATA_DIR: z.string().min(1).default(".data"),
  OPSDECK_DEMO: bool.default(false),
  OPSDECK_MIGRATE: bool.default(true),
  /** Set by the start wrapper: whether it started the embedded server or was given DATABASE_URL. */
  OPSDECK_DATABASE_KIND: z.enum(["embedded", "external"]).default("external"),
  NEXTAUTH_URL: url(["http://", "https://"]).optional(),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  REDIS_URL: url(["redis://", "rediss://"]).optional(),
  UPSTASH_REDIS_REST_URL: url(["https://", "http://"]).optional(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
  SENTRY_DSN: url(["https://", "http://"]).optional(),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  SLOW_QUERY_MS: int(1, 600_000).default(100),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** json (default) or pretty; `npm run dev` and `npm run demo` default to pretty. */
  LOG_FORMAT: z.enum(["json", "pretty"]).default("json"),
  OTEL_EXPORTER_OTLP_ENDPOINT: url(["https://", "http://"]).optional(),
  GITHUB_ID: z.string().min(1).optional(),
  GITHUB_SECRET: z.string().min(1).optional(),
  OIDC_ISSUER: url(["https://", "http://"]).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  SIGNIN_MAX_FAILURES: int(1, 1000).default(5),
  SIGNIN_WINDOW_SECONDS: int(1, 86_400).default(900),
  RATELIMIT_READ_PER_MINUTE: int(1, 1_000_000).default(1200),
  /** Heartbeat pings per token per minute, and public status page requests per client address per minute. */
  RATELIMIT_HEARTBEAT_PER_MINUTE: int(1, 10_000_000).default(120),
  RATELIMIT_STATUS_PAGE_PER_MINUTE: int(1, 10_000_000).default(600),
  /** Email sign-ups per status page per hour. */
  RATELIMIT_STATUS_SUBSCRIBE_PER_HOUR: int(1, 1_000_000).default(30),
  RATELIMIT_WRITE_PER_MINUTE: int(1, 1_000_000).default(600),
  RATELIMIT_BATCH_PER_MINUTE: int(1, 1_000_000).default(60),
  /** API key creation, per admin; fails closed like sign-in. */
  RATELIMIT_KEYS_PER_MINUTE: int(1, 1_000_000).default(10),
  RATELIMIT_TIMEOUT_MS: int(10, 10_000).default(250),
  /** Stripe keeps keys 24 h; shorter would let a late retry run twice. */
  IDEMPOTENCY_TTL_HOURS: int(24, 24 * 30).default(24),
  CACHE_MAX_ENTRIES: int(100, 1_000_000).default(5_000),
  CACHE_REDIS_TIMEOUT_MS: int(10, 10_000).default(100),
  /** Whether this instance takes part in background jobs (each runs on one instance at a time). */
  OPSDECK_JOBS: bool.default(true),
  /** Test-only: serves /e2e-faults/* pages that fail on purpose (the browser Sentry e2e spec). Never set it in production. */
  OPSDECK_E2E_FAULTS: bool.default(false),
  /** Metrics and slow-query history kept in PostgreSQL. */
  METRICS_RETENTION_DAYS: int(1, 3650).default(30),
  AUDIT_RETENTION_DAYS: int(1, 36_500).default(365),
  /** Run log lines older than this (by their ts) are dropped a week-partition at a time; unset keeps them. */
  RUN_LOG_RETENTION_DAYS: int(1, 36_500).optional(),
  /** Optional file where `audit verify` appends the latest seq and hash, to catch a truncated tail. */
  AUDIT_ANCHOR_FILE: z.string().min(1).optional(),
  /** Encrypts notification channels' secrets at rest; derived from NEXTAUTH_SECRET when unset. */
  OPSDECK_ENCRYPTION_KEY: z.string().min(32, "must be at least 32 characters").optional(),
  /** How often alert rules are evaluated (one instance at a time). */
  ALERTS_EVAL_INTERVAL_SECONDS: int(1, 3600).default(15),
  ALERTS_MAX_RULES: int(1, 100_000).default(1000),
  ALERTS_MAX_CHANNELS: int(1, 10_000).default(100),
  /** Longest wait for one notification to a channel (webhook, Slack, SMTP, PagerDuty). */
  NOTIFY_TIMEOUT_MS: int(100, 60_000).default(5_000),
  /** First retry delay; doubled per attempt (with jitter), at most an hour apart. */
  NOTIFY_RETRY_BASE_MS: int(10, 600_000).default(5_000),
  NOTIFY_MAX_ATTEMPTS: int(1, 100).default(12),
  /** Which reverse proxies' X-Forwarded-* headers to believe: off (default), a hop count, or addresses/CIDRs. */
  TRUST_PROXY: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      try {
        parseTrustProxy(value);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: err instanceof Error ? err.message : String(err) });
      }
    }),
  SENTRY_TRACES_SAMPLE_RATE: z.coerce.number().min(0).max(1).default(0),
  SENTRY_ENVIRONMENT: z.string().min(1).optional(),
  /** Sentry release name (a git sha or tag); defaults to opsdeck@<package version>. */
  SENTRY_RELEASE: z.string().min(1).max(200).optional(),
});

export type Config = z.infer<typeof schema> & {
  /** Production means a production build outside demo mode: no generated secrets, no demo users. */
  isProduction: boolean;
};

// Settings that come in pairs: one without the other is a mistake worth stopping for.
const PAIRS: [string, string[]][] = [
  ["GITHUB_ID", ["GITHUB_SECRET"]],
  ["OIDC_ISSUER", ["OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"]],
  ["UPSTASH_REDIS_REST_URL", ["UPSTASH_REDIS_REST_TOKEN"]],
];

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = "ConfigError";
  }
}

const KNOWN = new Set(Object.keys(schema.shape));

export function parseConfig(env: Record<string, string | undefined>): Config {
  // Empty strings count as unset, as most process managers cannot unset a variable.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  for (const name of Object.keys(cleaned)) {
    if (name.startsWith("OPSDECK_") && !KNOWN.has(name)) throw new ConfigError(name, "is not a known setting");
  }
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? "environment"), issue.message.toLowerCase());
  }
  for (const [first, rest] of PAIRS) {
    const present = [first, ...rest].filter((n) => cleaned[n] !== undefined);
    if (present.length > 0 && present.length < rest.length + 1) {
      const missing = [first, ...rest].find((n) => cleaned[n] === undefined)!;
      throw new ConfigError(missing, `is required when ${present.join(", ")} is set`);
    }
  }
  const config = result.data;
  if (config.DATABASE_POOL_MODE === "transaction" && config.DATABASE_URL && !config.DATABASE_DIRECT_URL) {
    throw new ConfigError("DATABASE_DIRECT_URL", "is required when DATABASE_POOL_MODE is transaction (migrations and job locks need a session)");
  }
  return { ...config, isProduction: config.NODE_ENV === "production" && !config.OPSDECK_DEMO };
}

let cached: Config | undefined;

/** The process's configuration, parsed from the environment on first use. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Parses the environment again (tests that point an instance somewhere else; scripts). */
export function reloadConfig(): Config {
  cached = undefined;
  return getConfig();
}
