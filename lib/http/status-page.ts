import "server-only";
import { getConfig } from "../config";
import { recordRequest } from "../metrics/record";
import { limiterFor } from "../ratelimit/backend";
import { requestIdFrom } from "../request/id";
import { clientIp } from "../request/meta";
import { newNonce, statusPageCsp } from "../security/headers";
import { getPublicSnapshot, type PublicSnapshot } from "../status-pages/snapshot";
import { matchesIfNoneMatch } from "./etag";
import { problemResponse } from "./problem";

// The public status page's HTTP edge: no session is read (no cookie is looked at or set),
// rate-limited per client address, answered from the cached snapshot with a CDN-friendly
// Cache-Control and an ETag of the snapshot, so a revalidation is a 304 without rendering.

export const STATUS_CACHE_CONTROL = "public, max-age=0, s-maxage=30, stale-while-revalidate=60";

/** The nonce proxy.ts put in the forwarded CSP, so the page's own policy and the proxy's agree. */
function nonceOf(request: Request): string {
  const forwarded = request.headers.get("content-security-policy") ?? "";
  return /'nonce-([A-Za-z0-9+/=]+)'/.exec(forwarded)?.[1] ?? newNonce();
}

export type StatusRender = { body: string; contentType: string; variant: string; status?: number; csp?: boolean; headers?: Record<string, string> };

async function overLimit(request: Request): Promise<number | null> {
  const ip = clientIp(request.headers) ?? "unknown";
  const result = await limiterFor({ name: "status-page", max: getConfig().RATELIMIT_STATUS_PAGE_PER_MINUTE, windowSeconds: 60, failClosed: false }).limit(`ip:${ip}`);
  return result.success ? null : Math.max(1, Math.ceil((result.reset - Date.now()) / 1000));
}

/** Answers a public status page resource: 404 for an unknown or unpublished slug, 429 past the limit, 304 on a matching ETag. */
export async function statusPageResponse(request: Request, route: string, slug: string, render: (snapshot: PublicSnapshot, nonce: string) => StatusRender | null): Promise<Response> {
  const started = performance.now();
  const requestId = requestIdFrom(request.headers.get("x-request-id"));
  let response: Response;
  const retryAfter = await overLimit(request);
  if (retryAfter !== null) {
    response = problemResponse(429, "rate_limited", "Too many requests for this status page; retry shortly", requestId, { headers: { "Retry-After": String(retryAfter) } });
  } else {
    const snapshot = await getPublicSnapshot(slug);
    const nonce = nonceOf(request);
    const out = snapshot ? render(snapshot, nonce) : null;
    if (!snapshot || !out) {
      response = problemResponse(404, "not_found", "No such status page", requestId);
    } else {
      const etag = `W/"${snapshot.etag.replace(/"/g, "")}-${out.variant}"`;
      const headers = new Headers({ "Content-Type": out.contentType, "Cache-Control": STATUS_CACHE_CONTROL, ETag: etag, Vary: "Accept-Encoding", "X-Request-Id": requestId, ...(out.headers ?? {}) });
      if (out.csp) headers.set("Content-Security-Policy", statusPageCsp(nonce));
      response = matchesIfNoneMatch(request.headers.get("if-none-match"), etag) ? new Response(null, { status: 304, headers }) : new Response(request.method === "HEAD" ? null : out.body, { status: out.status ?? 200, headers });
    }
  }
  recordRequest({ route, method: request.method, status: response.status, durationMs: performance.now() - started });
  return response;
}

/** An uncached HTML answer of the subscription flow (its own nonce'd style, no scripts). */
export function statusHtml(request: Request, html: (nonce: string) => string, status = 200, extra: Record<string, string> = {}): Response {
  const nonce = nonceOf(request);
  return new Response(html(nonce), {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Content-Security-Policy": statusPageCsp(nonce), "X-Request-Id": requestIdFrom(request.headers.get("x-request-id")), ...extra },
  });
}
