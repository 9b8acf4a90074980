import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { recordSample, requestScope } from "./record";
import { withRequestContext } from "../db/query-context";
import { logRequest } from "../log/request-line";
import { SpanStatusCode, withServerSpan } from "../observability/tracing";
import { openObservation, type RequestObservation } from "../request/observation";
import { normalizeAppPath, RouteTemplates } from "./route-template";
import { errorField, log } from "../log/logger";

// Pages, Next's own routes and anything else that does not pass through the route-handler
// pipeline or defineAction are recorded here, at the Node HTTP server: the only place that
// sees the whole response (streamed RSC/HTML included) and its final status. Why not the
// alternatives: proxy.ts runs before rendering and never sees the status or duration;
// instrumentation's onRequestError sees only failures; Next's OpenTelemetry spans carry
// `next.route` but need a tracer provider and context manager (and Sentry installs its
// own when SENTRY_DSN is set); a wrapper in each page would time only the page function,
// not the streamed Suspense content. Route templates come from the build's manifest.
//
// lib/http/node-server.ts calls observeRequest for every request Node's server emits. Each
// request runs inside an AsyncLocalStorage scope: when the pipeline or an action records it
// (with a better label), the hook skips it.

const holder = globalThis as unknown as { __opsdeckRouteTemplates?: RouteTemplates };

const SKIP = /^\/(_next\/static|_next\/image|favicon\.ico)/;

function loadTemplates(): RouteTemplates {
  const templates: string[] = [];
  try {
    // Read at run time from the build output (never bundled or traced).
    const file = path.join(/*turbopackIgnore: true*/ process.cwd(), process.env.NEXT_DIST_DIR ?? ".next", "server", "app-paths-manifest.json");
    const manifest = JSON.parse(fs.readFileSync(/*turbopackIgnore: true*/ file, "utf8")) as Record<string, string>;
    for (const key of Object.keys(manifest)) {
      const t = normalizeAppPath(key);
      if (t) templates.push(t);
    }
  } catch {
    // No build manifest (dev before the first compile): everything is "(unmatched)" until restart.
  }
  return new RouteTemplates(templates);
}

export function routeTemplateFor(pathname: string): string {
  holder.__opsdeckRouteTemplates ??= loadTemplates();
  return holder.__opsdeckRouteTemplates.match(pathname);
}

/**
 * Records one request the pipeline and actions do not record, logs its one request line,
 * and runs `next` (Next's own handling) inside the query context pages attribute their slow
 * queries to — and, with tracing on, inside the request's SERVER span (its parent from the
 * incoming traceparent; Next's own spans and ours nest under it).
 */
export function observeRequest(req: http.IncomingMessage, res: http.ServerResponse, requestId: string, next: () => boolean): boolean {
  const pathname = (req.url ?? "/").split("?")[0] ?? "/";
  if (SKIP.test(pathname)) return next();
  const started = performance.now();
  const scope: RequestObservation = { recorded: false };
  const route = routeTemplateFor(pathname);
  const method = req.method ?? "GET";
  return withServerSpan(req.headers, `${method} ${route}`, { "http.request.method": method, "http.route": route, "url.path": pathname, "opsdeck.request_id": requestId }, (span) => {
    const traceId = span?.spanContext().traceId;
    const close = openObservation(requestId, scope);
    res.once("close", () => {
      close();
      const durationMs = performance.now() - started;
      if (!scope.recorded) {
        try {
          recordSample({ route, method, status: res.statusCode, durationMs });
        } catch (err) {
          log("metrics").error({ err: errorField(err) }, "recording failed");
        }
      }
      const finalRoute = scope.route ?? route;
      if (span) {
        span.setAttribute("http.response.status_code", res.statusCode);
        if (scope.caller) span.setAttribute("enduser.id", scope.caller);
        if (finalRoute !== route) span.updateName(`${method} ${finalRoute}`);
        if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
      logRequest({ method, route: finalRoute, status: res.statusCode, durationMs, requestId, traceId, caller: scope.caller });
    });
    // Slow queries issued while rendering a page are attributed to its template (the pipeline
    // and server actions open narrower contexts inside this one).
    return requestScope().run(scope, () => withRequestContext({ route, requestId }, next));
  });
}
