import net from "node:net";

// Who the client is, when requests may pass through reverse proxies. X-Forwarded-For is
// written by whoever sent the request, so it is believed only as far as TRUST_PROXY says:
// - off (the default): the socket's peer is the client, whatever the headers claim;
// - a hop count N: the N nearest proxies are trusted (the client is the N-th address from
//   the right of X-Forwarded-For + the socket address);
// - a list of addresses or CIDRs ("10.0.0.0/8, 127.0.0.1", or "loopback"): addresses are
//   peeled from the right while they are trusted proxies; the first one that is not is the
//   client. X-Forwarded-Proto and -Host are believed only when the socket's peer is trusted.

export type TrustProxy = { kind: "off" } | { kind: "hops"; hops: number } | { kind: "list"; list: net.BlockList; text: string };

const LOOPBACK = ["127.0.0.0/8", "::1/128"];

/** Parses TRUST_PROXY; throws with a message naming what is wrong. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? "").trim().toLowerCase();
  if (text === "" || text === "0" || text === "false" || text === "off") return { kind: "off" };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops < 1 || hops > 10) throw new Error("must be a hop count from 1 to 10, a list of addresses or CIDRs, or off");
    return { kind: "hops", hops };
  }
  const list = new net.BlockList();
  for (const raw of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    for (const entry of raw === "loopback" ? LOOPBACK : [raw]) {
      const [address, prefix] = entry.split("/");
      const family = net.isIP(address ?? "");
      if (!family) throw new Error(`has ${entry}, which is not an IP address or CIDR`);
      const type = family === 6 ? "ipv6" : "ipv4";
      if (prefix === undefined) list.addAddress(address!, type);
      else {
        const bits = Number(prefix);
        if (!/^\d+$/.test(prefix) || bits > (family === 6 ? 128 : 32)) throw new Error(`has ${entry}, whose prefix length is not valid`);
        list.addSubnet(address!, bits, type);
      }
    }
  }
  return { kind: "list", list, text };
}

/** "::ffff:10.0.0.1" → "10.0.0.1": one spelling per address, for limits and the audit trail. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim().replace(/^\[|\]$/g, "");
  return trimmed.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");
}

function isTrusted(trust: TrustProxy, address: string): boolean {
  if (trust.kind !== "list") return false;
  const family = net.isIP(address);
  return family !== 0 && trust.list.check(address, family === 6 ? "ipv6" : "ipv4");
}

export type Forwarded = { client: string; /** Whether X-Forwarded-Proto/-Host come from a proxy we trust. */ trustedPeer: boolean };

/** The client address for a request from `socketAddress` carrying `forwardedFor` (X-Forwarded-For, possibly several headers joined). */
export function clientAddress(trust: TrustProxy, socketAddress: string | undefined, forwardedFor: string | undefined): Forwarded {
  const peer = normalizeAddress(socketAddress ?? "");
  if (trust.kind === "off") return { client: peer, trustedPeer: false };
  const chain = (forwardedFor ?? "").split(",").map(normalizeAddress).filter((a) => net.isIP(a) !== 0);
  const hops = [...chain, peer];
  if (trust.kind === "hops") {
    // The peer is hop 1; each further hop is one more trusted proxy to the left.
    const index = Math.max(0, hops.length - 1 - trust.hops);
    return { client: hops[index]!, trustedPeer: true };
  }
  if (!isTrusted(trust, peer)) return { client: peer, trustedPeer: false };
  let i = hops.length - 1;
  while (i > 0 && isTrusted(trust, hops[i]!)) i--;
  return { client: hops[i]!, trustedPeer: true };
}
