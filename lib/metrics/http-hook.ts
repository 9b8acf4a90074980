import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { recordSample, requestScope } from "./record";
import { withRequestContext } from "../db/query-context";
import { requestIdFrom } from "../request/id";
import { normalizeAppPath, RouteTemplates } from "./route-template";

// Pages, Next's own routes and anything else that does not pass through the route-handler
// pipeline or defineAction are recorded here, at the Node HTTP server: the only place that
// sees the whole response (streamed RSC/HTML included) and its final status. Why not the
// alternatives: proxy.ts runs before rendering and never sees the status or duration;
// instrumentation's onRequestError sees only failures; Next's OpenTelemetry spans carry
// `next.route` but need a tracer provider and context manager (and Sentry installs its
// own when SENTRY_DSN is set); a wrapper in each page would time only the page function,
// not the streamed Suspense content. Route templates come from the build's manifest.
//
// `next start` serves from one process whose http.Server exists before instrumentation
// runs, so the hook wraps Server.prototype.emit("request"). Each request runs inside an
// AsyncLocalStorage scope: when the pipeline or an action records it (with a better
// label), the hook skips it.

const holder = globalThis as unknown as { __opsdeckHttpHook?: boolean; __opsdeckRouteTemplates?: RouteTemplates };

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

export function installHttpHook(): void {
  if (holder.__opsdeckHttpHook) return;
  holder.__opsdeckHttpHook = true;
  const proto = http.Server.prototype as unknown as { emit: (event: string | symbol, ...args: unknown[]) => boolean };
  const original = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event !== "request") return original.call(this, event, ...args);
    const req = args[0] as http.IncomingMessage;
    const res = args[1] as http.ServerResponse;
    const pathname = (req.url ?? "/").split("?")[0] ?? "/";
    if (SKIP.test(pathname)) return original.call(this, event, ...args);
    const started = performance.now();
    const scope = { recorded: false };
    // One request id from here on: proxy.ts keeps a valid incoming X-Request-Id, so queries
    // a page issues are attributed to the id its response carries.
    const incoming = req.headers["x-request-id"];
    const requestId = requestIdFrom(typeof incoming === "string" ? incoming : null);
    req.headers["x-request-id"] = requestId;
    const route = routeTemplateFor(pathname);
    res.once("close", () => {
      if (scope.recorded) return;
      try {
        recordSample({ route, method: req.method ?? "GET", status: res.statusCode, durationMs: performance.now() - started });
      } catch (err) {
        console.error(`[metrics] recording failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    // Slow queries issued while rendering a page are attributed to its template (the pipeline
    // and server actions open narrower contexts inside this one).
    return requestScope().run(scope, () => withRequestContext({ route, requestId }, () => original.call(this, event, ...args)));
  };
}
