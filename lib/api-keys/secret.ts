import { createHash, randomBytes } from "node:crypto";

// What an API key is: `opk_` and 43 base62 characters. Only its SHA-256 is stored.

const KEY_PREFIX = "opk_";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** `opk_` + 43 base62 characters ≈ 256 bits of randomness. */
export const KEY_SHAPE = /^opk_[0-9A-Za-z]{43}$/;

export function generateApiKey(): string {
  const bytes = randomBytes(43);
  let body = "";
  // 248 = 4 × 62: rejection sampling keeps every character uniform.
  for (const b of bytes) body += BASE62[b % 62];
  for (let i = 0; body.length < 43; i++) {
    const b = randomBytes(1)[0]!;
    if (b < 248) body += BASE62[b % 62];
  }
  return KEY_PREFIX + body.slice(0, 43);
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export const displayPrefix = (key: string) => key.slice(0, 12);
