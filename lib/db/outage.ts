// Which errors mean "the database is not reachable right now" (answered 503 + Retry-After,
// never 500): the pool could not connect or timed out waiting, the connection broke, or the
// server is shutting down, starting or out of connection slots. drizzle wraps driver errors
// ("Failed query: …") with the original as `cause`, so the whole chain is looked at.

const CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
]);
const MESSAGES = /timeout exceeded when trying to connect|Connection terminated|connection timeout|Client has encountered a connection error|not queryable|terminating connection/i;

export function isDatabaseOutage(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (CODES.has(code) || code.startsWith("08"))) return true;
    if (e instanceof Error && MESSAGES.test(e.message)) return true;
  }
  return false;
}
