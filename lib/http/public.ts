import { recordRequest } from "../metrics/record";
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
