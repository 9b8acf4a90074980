import { etagFor, matchesIfNoneMatch } from "./etag";

// A handler's answer, and the one way it becomes a Response (the pipeline's, and the
// idempotency layer's when it stores what the client was told).

export type Reply = { status?: number; body?: unknown; headers?: Record<string, string> } | Response;

/** JSON with Cache-Control; with `cache`, a 200 gets an ETag and revalidates to 304. */
export function replyToResponse(request: Request, reply: Reply, cache: boolean): Response {
  if (reply instanceof Response) return reply;
  const status = reply.status ?? 200;
  const headers = new Headers(reply.headers);
  headers.set("Cache-Control", "private, no-cache");
  if (status === 204) return new Response(null, { status, headers });
  const text = JSON.stringify(reply.body ?? null);
  headers.set("Content-Type", "application/json");
  if (cache && status === 200) {
    // A handler that computed its own validator (before the work) sets ETag; otherwise the body's hash.
    const etag = headers.get("ETag") ?? etagFor(text);
    headers.set("ETag", etag);
    if (matchesIfNoneMatch(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  }
  return new Response(text, { status, headers });
}

/** 201 with the created resource and where it lives (a path under /api/v1). */
export function created(location: string, body: unknown): Reply {
  return { status: 201, body, headers: { Location: location } };
}
