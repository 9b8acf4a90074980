import { logger } from "./logger";

// One line per request, written when the response closes (lib/metrics/http-hook.ts): method,
// route template, status, duration, request id, trace id and caller (`user:<id>` or
// `key:<id>`, never a credential). Health probes and scrapes are logged at debug, so a
// Prometheus or load balancer polling every few seconds does not drown the rest.

export type RequestLine = { method: string; route: string; status: number; durationMs: number; requestId: string; traceId?: string; caller?: string };

const QUIET = /^\/api\/(health|metrics)(\/|$)/;

export function logRequest(line: RequestLine): void {
  const level = QUIET.test(line.route) && line.status < 500 ? "debug" : line.status >= 500 ? "error" : "info";
  const root = logger();
  if (!root.isLevelEnabled(level)) return;
  root[level](
    {
      component: "http",
      method: line.method,
      route: line.route,
      status: line.status,
      durationMs: Math.round(line.durationMs * 10) / 10,
      requestId: line.requestId,
      ...(line.traceId ? { traceId: line.traceId } : {}),
      ...(line.caller ? { caller: line.caller } : {}),
    },
    `${line.method} ${line.route} ${line.status}`,
  );
}
