// What leaves for Sentry is scrubbed here, for server and browser alike: headers,
// cookies, API keys, passwords and tokens are replaced wherever they appear in an event or
// breadcrumb — by key name anywhere in the tree, and by shape inside any string.

export const REDACTED = "[redacted]";

const SENSITIVE_KEY = /authorization|cookie|password|passwd|passphrase|secret|token|api[-_]?key|apikey|session|credential|private[-_]?key|dsn/i;

const SENSITIVE_VALUE: [RegExp, string][] = [
  [/opk_[0-9A-Za-z]{8,}/g, REDACTED], // our API keys
  [/\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{3,}/gi, REDACTED],
  [/([?&](?:api[-_]?key|key|token|access_token|password|secret|code)=)[^&#\s]+/gi, `$1${REDACTED}`],
  [/(\/\/[^/\s:@]+:)[^@/\s]+@/g, `$1${REDACTED}@`], // user:password@ in URLs
  [/\b(password|passwd|pwd|secret|token|api[-_]?key)(\s*[=:]\s*)[^\s&,;"']+/gi, `$1$2${REDACTED}`], // "password=…" in free text
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, REDACTED], // JWTs (next-auth cookies)
];

export function scrubString(value: string): string {
  let out = value;
  for (const [re, replacement] of SENSITIVE_VALUE) out = out.replace(re, replacement);
  return out;
}

/** A deep copy with sensitive members and substrings redacted. Depth-limited; cycles cut. */
export function scrubValue<T>(value: T, depth = 0, seen = new WeakSet<object>()): T {
  if (typeof value === "string") return scrubString(value) as T;
  if (value === null || typeof value !== "object" || depth > 12) return value;
  if (seen.has(value)) return "[cycle]" as T;
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1, seen)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SENSITIVE_KEY.test(k) && v !== null && v !== undefined ? REDACTED : scrubValue(v, depth + 1, seen);
  }
  return out as T;
}

type EventLike = { request?: { headers?: Record<string, string>; cookies?: unknown; data?: unknown; query_string?: unknown } } & Record<string, unknown>;

/** beforeSend: drops cookies outright, then scrubs the rest. */
export function scrubEvent<E extends EventLike>(event: E): E {
  if (event.request) {
    delete event.request.cookies;
    if (event.request.headers) {
      for (const name of Object.keys(event.request.headers)) if (SENSITIVE_KEY.test(name)) event.request.headers[name] = REDACTED;
    }
  }
  return scrubValue(event);
}

export function scrubBreadcrumb<B extends Record<string, unknown>>(breadcrumb: B): B {
  return scrubValue(breadcrumb);
}
