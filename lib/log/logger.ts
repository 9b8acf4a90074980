import pino, { type DestinationStream, type Logger } from "pino";
import { REDACTED, scrubString } from "../observability/scrub";

// The one logger: JSON lines on stdout (pino), level from LOG_LEVEL (default info). What must
// never reach a log is configured here once: secret-bearing members by path (headers,
// cookies, passwords, keys, tokens) and secret-shaped text inside messages (the scrubber
// Sentry's events go through). Every module logs through logger() or log(component), never
// console (eslint's no-console holds lib/, app/ and scripts/ to it).
//
// LOG_LEVEL is read here rather than through getConfig(): the logger must work before the
// configuration is validated (it reports the configuration error). boot() validates it.

const LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

/** Paths pino replaces with [redacted] wherever they appear in a log object. */
export const REDACT_PATHS = [
  "authorization",
  "cookie",
  "password",
  "newPassword",
  "secret",
  "token",
  "apiKey",
  "key",
  "headers.authorization",
  "headers.cookie",
  'headers["set-cookie"]',
  'headers["x-api-key"]',
  "req.headers.authorization",
  "req.headers.cookie",
  "res.headers['set-cookie']",
  "*.authorization",
  "*.cookie",
  "*.password",
  "*.secret",
  "*.token",
  "*.apiKey",
];

const holder = globalThis as unknown as { __opsdeckLogger?: Logger };

function levelFromEnv(): string {
  const level = process.env.LOG_LEVEL?.trim().toLowerCase();
  return level && LEVELS.has(level) ? level : "info";
}

/** Builds a logger with the house settings; tests pass a destination to read what it writes. */
export function createLogger(destination?: DestinationStream, level = levelFromEnv()): Logger {
  return pino(
    {
      level,
      base: { service: "opsdeck" },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: "msg",
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        // Free text can carry a secret (a connection string in a driver error, "password=…").
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === "string" ? scrubString(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

export function logger(): Logger {
  return (holder.__opsdeckLogger ??= createLogger());
}

/** A child logger for one component ("jobs", "db", "http"…). */
export function log(component: string): Logger {
  return logger().child({ component });
}

/** Replaces the process logger (tests and the pretty start wrapper); undefined restores the default. */
export function setLogger(next: Logger | undefined): void {
  holder.__opsdeckLogger = next;
}

/** An error as a log field: message and name, never its enumerable members (a pg error can hold the query's parameters). */
export function errorField(err: unknown): { message: string; name?: string; code?: string } {
  if (err instanceof Error) {
    // A driver error's own code (SQLSTATE) says more than a wrapper's.
    const code = (err as { code?: unknown }).code ?? (err.cause as { code?: unknown } | undefined)?.code;
    return { message: withoutParams(scrubString(err.message)), name: err.name, ...(typeof code === "string" ? { code } : {}) };
  }
  return { message: withoutParams(scrubString(String(err))) };
}

/** drizzle's "Failed query: <sql>\nparams: <values>": the statement stays, the values (user data, hashes) go. */
function withoutParams(message: string): string {
  const at = message.indexOf("\nparams:");
  return at === -1 ? message : `${message.slice(0, at)}\nparams: ${REDACTED}`;
}
