import { createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { getConfig } from "../config";
import { loadSecrets } from "../runtime/data-dir";

// Subscriber tokens: 256 bits, stored only as their sha256. The confirm token is random and
// used once. The unsubscribe token is an HMAC of the subscriber's id under a key derived from
// the instance secret, so every mail carries the same working link while the database holds
// only its hash.

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

let cachedKey: Buffer | undefined;
function unsubscribeKey(): Buffer {
  if (!cachedKey) {
    const config = getConfig();
    const source = config.OPSDECK_ENCRYPTION_KEY ?? config.NEXTAUTH_SECRET ?? (config.isProduction ? undefined : loadSecrets(config.OPSDECK_DATA_DIR).nextauthSecret);
    if (!source) throw new Error("OPSDECK_ENCRYPTION_KEY or NEXTAUTH_SECRET is needed for subscriber links");
    cachedKey = Buffer.from(hkdfSync("sha256", source, "opsdeck", "status page unsubscribe links", 32));
  }
  return cachedKey;
}

export function unsubscribeToken(subscriberId: string): { token: string; hash: string } {
  const token = createHmac("sha256", unsubscribeKey()).update(subscriberId).digest("base64url");
  return { token, hash: hashToken(token) };
}
