// Field names whose values never belong in an audit event, an export or a log line.
const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|^key$|authorization|cookie|hash|credential/i;

export const REDACTED = "[redacted]";

/** Copies `value`, replacing anything under a secret-looking key with a marker. */
export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v)) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? REDACTED : redactSecrets(v)]),
    ) as T;
  }
  return value;
}
