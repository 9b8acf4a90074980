import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getConfig } from "../config";
import { loadSecrets } from "../runtime/data-dir";

// Secrets at rest (notification channels' webhook URLs with tokens, SMTP passwords,
// PagerDuty routing keys): AES-256-GCM with a key derived (HKDF-SHA256) from
// OPSDECK_ENCRYPTION_KEY, else NEXTAUTH_SECRET, else — outside production — the data dir's
// generated secret. Rotating the source key makes stored channel secrets unreadable: they
// must be entered again (the console says so rather than failing).

const VERSION = "v1";

function key(): Buffer {
  const config = getConfig();
  const source = config.OPSDECK_ENCRYPTION_KEY ?? config.NEXTAUTH_SECRET ?? (config.isProduction ? undefined : loadSecrets(config.OPSDECK_DATA_DIR).nextauthSecret);
  if (!source) throw new Error("OPSDECK_ENCRYPTION_KEY or NEXTAUTH_SECRET is needed to store channel secrets");
  return Buffer.from(hkdfSync("sha256", source, "opsdeck", "notification channel secrets", 32));
}

/** "v1.<iv>.<tag>.<ciphertext>", base64url. */
export function seal(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export class SecretUnreadableError extends Error {
  constructor() {
    super("The stored secret cannot be read with the current key; enter it again");
  }
}

export function open(sealed: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new SecretUnreadableError();
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretUnreadableError();
  }
}

/** What may be shown of a secret: its last four characters. */
export function hint(secret: string, prefix = ""): string {
  return `${prefix}…${secret.slice(-4)}`;
}
