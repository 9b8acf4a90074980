import { createHash, randomBytes } from "node:crypto";

// A heartbeat's ping token is its credential: 256 random bits, base64url, stored only as its
// sha256. Lookups are by the hash through a unique index, so a wrong token costs the same
// one index probe as a right one and tells nothing beyond 404.

export function hashHeartbeatToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newHeartbeatToken(): { token: string; hash: string } {
  const token = `hb_${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashHeartbeatToken(token) };
}
