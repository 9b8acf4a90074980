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
