// Security headers, one definition for pages (via proxy.ts, with the per-request nonce),
// route handlers, 404 and error pages, and static assets (via next.config headers()).
import { STATUS_STYLE_HASH } from "../status-pages/style";

export type SecurityOptions = {
  production: boolean;
  https: boolean;
  formActionOrigins?: string[];
  /** Extra origins the browser may send data to (the Sentry DSN's host when set). */
  connectOrigins?: string[];
};

/** Per-request CSP. 'strict-dynamic' lets nonce-bearing scripts load Next's chunks; nothing inline runs without the nonce. */
export function contentSecurityPolicy(nonce: string, opts: SecurityOptions): string {
  const script = ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"];
  if (!opts.production) script.push("'unsafe-eval'"); // React's dev tooling only
  const directives = [
    "default-src 'self'",
    `script-src ${script.join(" ")}`,
    // Inline style attributes come from SSR'd components (charts, widths); styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${(opts.connectOrigins ?? []).map((o) => ` ${o}`).join("")}${opts.production ? "" : " ws: wss:"}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    // SSO sign-in is a form POST that redirects to the provider; browsers apply form-action to that redirect.
    `form-action 'self'${(opts.formActionOrigins ?? []).map((o) => ` ${o}`).join("")}`,
    "manifest-src 'self'",
    "worker-src 'self' blob:",
  ];
  if (opts.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** Headers that are the same on every response. */
export function staticSecurityHeaders(opts: SecurityOptions): [string, string][] {
  const headers: [string, string][] = [
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"],
    ["Cross-Origin-Opener-Policy", "same-origin"],
    ["Cross-Origin-Resource-Policy", "same-origin"],
    ["X-Frame-Options", "DENY"],
  ];
  if (opts.production) headers.push(["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]);
  return headers;
}

export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** The strict CSP of the public status pages: no script may run at all; the one <style> carries the nonce (and matches the hash). */
export function statusPageCsp(nonce: string): string {
  return ["default-src 'none'", `style-src 'nonce-${nonce}' ${STATUS_STYLE_HASH}`, "img-src 'self' https: data:", "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'", "object-src 'none'", `script-src 'nonce-${nonce}'`].join("; ");
}

/** A status badge is for other sites' READMEs: embeddable from any origin, and an SVG that runs nothing. */
export const BADGE_HEADERS = { "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'", "Cross-Origin-Resource-Policy": "cross-origin" } as const;

const BADGE_PATH = /^\/status\/[^/]+\/badge\.svg$/;

/**
 * Pages may be kept by the browser's back/forward cache: revalidated on every load (no-cache,
 * private: never a shared cache), but not no-store, which makes a page ineligible. A page the
 * back/forward cache restores refreshes itself (components/nav/restore-refresh.tsx), and
 * signing out clears the browser's cache for the origin, so Back after sign-out shows nothing
 * of the session.
 */
export const PAGE_CACHE_CONTROL = "private, no-cache, max-age=0, must-revalidate";

/**
 * Where a path's answer needs other headers than the console's (set by proxy.ts after the
 * static ones, which would otherwise replace what the route set): the public status pages
 * carry their own strict CSP, their badges are cross-origin resources, pages are
 * back/forward-cacheable, and sign-out clears the cache.
 */
export function surfaceHeaders(pathname: string, nonce: string, method = "GET"): [string, string][] {
  if (BADGE_PATH.test(pathname)) return Object.entries(BADGE_HEADERS);
  if (pathname.startsWith("/status/")) return [["Content-Security-Policy", statusPageCsp(nonce)]];
  if (pathname === "/api/auth/signout" && method === "POST") return [["Clear-Site-Data", '"cache"']];
  if (pathname.startsWith("/api/") || pathname.startsWith("/_next/")) return [];
  return [["Cache-Control", PAGE_CACHE_CONTROL]];
}
