import { createHash } from "node:crypto";

export function etagFor(body: string): string {
  return `W/"${createHash("sha1").update(body).digest("base64url")}"`;
}

/** RFC 9110 weak comparison against an If-None-Match list (or `*`). */
export function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === bare);
}

/**
 * For handlers that know their validator before doing the work: a 304 (with the ETag and
 * the pipeline's Cache-Control) when the client already holds it, or null to go on.
 */
export function notModified(request: Request, etag: string): Response | null {
  if (!matchesIfNoneMatch(request.headers.get("if-none-match"), etag)) return null;
  return new Response(null, { status: 304, headers: { ETag: etag, "Cache-Control": "private, no-cache" } });
}
