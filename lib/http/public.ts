import { recordRequest } from "../metrics/record";
import type { OperationDoc, OperationSource } from "../openapi/operation";
import { requestIdFrom } from "../request/id";
import { etagFor, matchesIfNoneMatch } from "./etag";

/**
 * A public JSON document answered outside the pipeline (no auth step, no rate limit):
 * shared caches may keep it for `maxAgeSeconds`, then revalidate by ETag to a 304.
 */
export function publicJsonResponse(request: Request, route: string, text: string, maxAgeSeconds: number): Response {
  const started = performance.now();
  const etag = etagFor(text);
  const headers = new Headers({
    "Content-Type": "application/json",
    "Cache-Control": `public, max-age=${maxAgeSeconds}, stale-while-revalidate=${maxAgeSeconds}`,
    ETag: etag,
    "X-Request-Id": requestIdFrom(request.headers.get("x-request-id")),
  });
  const notModified = matchesIfNoneMatch(request.headers.get("if-none-match"), etag);
  const response = notModified ? new Response(null, { status: 304, headers }) : new Response(text, { status: 200, headers });
  recordRequest({ route, method: request.method, status: response.status, durationMs: performance.now() - started });
  return response;
}

/** A public route's registry entry: what the OpenAPI document reads (no scope: no key needed). */
export type PublicRouteDefinition = OperationSource & { scope: null; doc: OperationDoc };

const publicRoutes = new WeakMap<object, PublicRouteDefinition>();

/**
 * A GET handler answering `text()` with publicJsonResponse. `text` runs once, on the first
 * request rather than at import: the OpenAPI document is read from an index of route modules
 * that includes the one declaring this handler, so at import time that index may be half loaded.
 */
export function publicJsonRoute(options: { route: string; maxAgeSeconds: number; doc: OperationDoc }, text: () => string) {
  let body: string | undefined;
  const handle = (request: Request): Response => publicJsonResponse(request, options.route, (body ??= text()), options.maxAgeSeconds);
  publicRoutes.set(handle, { route: options.route, scope: null, doc: options.doc });
  return handle;
}

/** Enters a handler that authenticates by something other than an API key (a heartbeat's token) in the public registry. */
export function registerPublicRoute<H extends object>(handler: H, definition: Omit<PublicRouteDefinition, "scope">): H {
  publicRoutes.set(handler, { ...definition, scope: null });
  return handler;
}

/** The registry entry of a handler built by publicJsonRoute(); undefined for any other. */
export function publicRouteDefinitionOf(handler: unknown): PublicRouteDefinition | undefined {
  return typeof handler === "function" ? publicRoutes.get(handler) : undefined;
}
