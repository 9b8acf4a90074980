// What the audit trail and rate limits know about the request a change came from.

export type RequestMeta = { ip?: string | null; userAgent?: string | null; requestId?: string | null };

/** Who did something, as the audit trail records it. */
export type Actor =
  | { type: "user"; id: string; label: string }
  | { type: "api_key"; id: string; label: string }
  | { type: "system"; id?: string | null; label: string }
  | { type: "anonymous"; id?: null; label?: string | null };

type HeaderSource = { get(name: string): string | null };

// The client address as the Node server settled it (lib/http/node-server.ts rewrites
// X-Forwarded-For to the one address TRUST_PROXY lets us believe, the socket's by default).
export function clientIp(headers: HeaderSource): string | null {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).pop();
  return last ? last.replace(/^::ffff:/, "") : null;
}

export function requestMetaFrom(headers: HeaderSource): RequestMeta {
  return {
    ip: clientIp(headers),
    userAgent: headers.get("user-agent"),
    requestId: headers.get("x-request-id"),
  };
}
