import { NextResponse, type NextRequest } from "next/server";
import { requestIdFrom } from "./lib/request/id";
import { contentSecurityPolicy, newNonce, staticSecurityHeaders, surfaceHeaders, type SecurityOptions } from "./lib/security/headers";

// Headers only: a nonce, the CSP, a request id. Who may do what is decided in lib/, never here.

/** The browser SDK posts events to the DSN's host. */
function sentryOrigin(dsn: string | undefined): string[] {
  if (!dsn) return [];
  try {
    return [new URL(dsn).origin];
  } catch {
    return [];
  }
}

function securityOptions(): SecurityOptions {
  const origins = [process.env.OIDC_ISSUER, process.env.GITHUB_ID ? "https://github.com" : undefined]
    .filter((v): v is string => Boolean(v))
    .map((u) => new URL(u).origin);
  return {
    production: process.env.NODE_ENV === "production",
    https: (process.env.NEXTAUTH_URL ?? "").startsWith("https://"),
    formActionOrigins: origins,
    connectOrigins: sentryOrigin(process.env.SENTRY_DSN),
  };
}

// The environment does not change while the process runs.
let options: SecurityOptions | undefined;

export function proxy(request: NextRequest) {
  const opts = (options ??= securityOptions());
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, opts);
  const requestId = requestIdFrom(request.headers.get("x-request-id"));

  const forwarded = new Headers(request.headers);
  forwarded.set("content-security-policy", csp); // Next reads the nonce for its own scripts from here
  forwarded.set("x-request-id", requestId);
  forwarded.set("x-opsdeck-path", request.nextUrl.pathname + request.nextUrl.search);

  const response = NextResponse.next({ request: { headers: forwarded } });
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set("X-Request-Id", requestId);
  for (const [name, value] of staticSecurityHeaders(opts)) response.headers.set(name, value);
  for (const [name, value] of surfaceHeaders(request.nextUrl.pathname, nonce, request.method)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but immutable build assets, which get the static headers from next.config.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
