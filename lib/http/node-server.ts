import http from "node:http";
import type { Duplex } from "node:stream";
import { getConfig } from "../config";
import { observeRequest } from "../metrics/http-hook";
import { clientAddress, parseTrustProxy, type TrustProxy } from "../request/client-address";
import { requestIdFrom } from "../request/id";
import { staticSecurityHeaders } from "../security/headers";
import { compressNodeResponse } from "./compress";
import { problemParts } from "./problem";

// The Node HTTP server, before Next sees a request: the only place that sees the socket,
// every request (pages, Next's own routes, route handlers) and the parse errors Node would
// otherwise answer with bare text. `next start` creates its http.Server before
// instrumentation runs, so this wraps Server.prototype.emit for "request" and "clientError".
//
// Per request, in order:
// 1. one request id (a valid incoming X-Request-Id is kept), so logs, the audit trail and
//    the answer agree;
// 2. the client address from the socket, believing X-Forwarded-For/-Proto/-Host only as
//    far as TRUST_PROXY says (lib/request/client-address.ts): the forwarded headers Next and
//    the app read are rewritten to what we believe, so nothing downstream can be spoofed;
// 3. the contract at the edge: TRACE/TRACK (405), a path that does not decode (400), a
//    server-action body over its limit (413) are answered here as problem+json;
// 4. compression of route-handler answers (lib/http/compress.ts);
// 5. metrics, the request log line and the request's span (lib/metrics/http-hook.ts), then Next.

/** Next's default server-action body limit (serverActions.bodySizeLimit, 1 MB). */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;
const REFUSED_METHODS = new Set(["TRACE", "TRACK", "CONNECT"]);

const holder = globalThis as unknown as { __opsdeckServerHooks?: boolean; __opsdeckTrustProxy?: TrustProxy };

function trustProxy(): TrustProxy {
  holder.__opsdeckTrustProxy ??= parseTrustProxy(getConfig().TRUST_PROXY);
  return holder.__opsdeckTrustProxy;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(",") : value;
}

/** Rewrites the forwarded headers to what TRUST_PROXY lets us believe. */
export function settleForwardedHeaders(req: http.IncomingMessage, trust: TrustProxy): void {
  const { client, trustedPeer } = clientAddress(trust, req.socket.remoteAddress, headerValue(req.headers["x-forwarded-for"]));
  req.headers["x-forwarded-for"] = client;
  delete req.headers["x-real-ip"];
  if (!trustedPeer) {
    // Next fills these from the socket and Host when they are absent.
    delete req.headers["x-forwarded-host"];
    delete req.headers["x-forwarded-proto"];
    delete req.headers["x-forwarded-port"];
  }
}

function securityHeaders(): Record<string, string> {
  return Object.fromEntries(staticSecurityHeaders({ production: process.env.NODE_ENV === "production", https: false }));
}

function answer(res: http.ServerResponse, status: number, code: string, detail: string, requestId: string, headers: Record<string, string> = {}): true {
  const problem = problemParts(status, code, detail, requestId, { headers });
  res.writeHead(status, { ...securityHeaders(), ...problem.headers, "Content-Length": String(Buffer.byteLength(problem.body)), Connection: "close" }).end(problem.body);
  return true;
}

function decodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/** Answers what must not reach Next; true when it did. */
export function refuseAtTheEdge(req: http.IncomingMessage, res: http.ServerResponse, requestId: string): boolean {
  const method = (req.method ?? "GET").toUpperCase();
  if (REFUSED_METHODS.has(method)) {
    return answer(res, 405, "method_not_allowed", `${method} is not supported`, requestId, { Allow: "GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE" });
  }
  const pathname = (req.url ?? "/").split("?")[0] ?? "/";
  if (!decodes(pathname)) return answer(res, 400, "invalid_path", "The request path is not valid percent-encoded UTF-8", requestId);
  const length = Number(req.headers["content-length"] ?? NaN);
  if (method === "POST" && req.headers["next-action"] && Number.isFinite(length) && length > ACTION_BODY_LIMIT_BYTES) {
    return answer(res, 413, "body_too_large", `The request body exceeds ${ACTION_BODY_LIMIT_BYTES / 1024} KiB`, requestId);
  }
  return false;
}

type ClientErrorAnswer = { status: number; reason: string; code: string; detail: string; headers?: Record<string, string> };
const CLIENT_ERRORS: Record<string, ClientErrorAnswer> = {
  HPE_HEADER_OVERFLOW: { status: 431, reason: "Request Header Fields Too Large", code: "headers_too_large", detail: "The request headers are too large" },
  // Methods Node's parser does not know at all (TRACK, say).
  HPE_INVALID_METHOD: { status: 405, reason: "Method Not Allowed", code: "method_not_allowed", detail: "This method is not supported", headers: { Allow: "GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE" } },
};
const BAD_REQUEST: ClientErrorAnswer = { status: 400, reason: "Bad Request", code: "bad_request", detail: "The request could not be parsed" };

/** What Node would answer with a bare status line: a problem document instead (431 for oversized headers). */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const known = (err.code && Object.hasOwn(CLIENT_ERRORS, err.code) ? CLIENT_ERRORS[err.code] : undefined) ?? BAD_REQUEST;
  const problem = problemParts(known.status, known.code, known.detail, requestIdFrom(null), { headers: known.headers });
  const headers = { ...securityHeaders(), ...problem.headers, "Content-Length": String(Buffer.byteLength(problem.body)), Connection: "close" };
  const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\r\n");
  socket.end(`HTTP/1.1 ${known.status} ${known.reason}\r\n${head}\r\n\r\n${problem.body}`);
}

export function installServerHooks(): void {
  if (holder.__opsdeckServerHooks) return;
  holder.__opsdeckServerHooks = true;
  const proto = http.Server.prototype as unknown as { emit: (event: string | symbol, ...args: unknown[]) => boolean };
  const original = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "clientError") {
      answerClientError(args[0] as NodeJS.ErrnoException, args[1] as Duplex);
      return true;
    }
    if (event !== "request") return original.call(this, event, ...args);
    const req = args[0] as http.IncomingMessage;
    const res = args[1] as http.ServerResponse;
    const incoming = req.headers["x-request-id"];
    const requestId = requestIdFrom(typeof incoming === "string" ? incoming : null);
    req.headers["x-request-id"] = requestId;
    settleForwardedHeaders(req, trustProxy());
    if (refuseAtTheEdge(req, res, requestId)) return true;
    // Route-handler answers are compressed here (brotli or gzip); Next keeps compressing pages.
    if (req.url?.startsWith("/api/")) {
      const accepted = req.headers["accept-encoding"];
      req.headers["accept-encoding"] = "identity";
      compressNodeResponse(req, res, Array.isArray(accepted) ? accepted.join(",") : accepted);
    }
    return observeRequest(req, res, requestId, () => original.call(this, event, ...args));
  };
}
