import { randomBytes } from "node:crypto";

/**
 * A password shown once to the admin who created or reset it, for them to hand over:
 * 24 base64url characters ≈ 144 bits. Only its argon2id hash is stored.
 */
export function generateOneTimePassword(): string {
  return randomBytes(18).toString("base64url");
}
