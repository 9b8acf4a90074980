// What the audit trail and rate limits know about the request a change came from.

export type RequestMeta = { ip?: string | null; userAgent?: string | null; requestId?: string | null };

/** Who did something, as the audit trail records it. */
export type Actor =
  | { type: "user"; id: string; label: string }
  | { type: "api_key"; id: string; label: string }
  | { type: "system"; id?: string | null; label: string }
  | { type: "anonymous"; id?: null; label?: string | null };

type HeaderSource = { get(name: string): string | null };

// The peer address as our own front server saw it: Next appends the socket address as
// the last X-Forwarded-For entry, so earlier (client-supplied) entries are not trusted.
export function clientIp(headers: HeaderSource): string | null {
  const forwarded = headers.get("x-forwarded-for");
  if (forwarded) {
    const last = forwarded.split(",").map((s) => s.trim()).filter(Boolean).pop();
    if (last) return last.replace(/^::ffff:/, "");
  }
  return headers.get("x-real-ip");
}

export function requestMetaFrom(headers: HeaderSource): RequestMeta {
  return {
    ip: clientIp(headers),
    userAgent: headers.get("user-agent"),
    requestId: headers.get("x-request-id"),
  };
}
