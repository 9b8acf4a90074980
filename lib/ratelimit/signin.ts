import { createHash } from "node:crypto";
import { getConfig } from "../config";
import { UnavailableError } from "../errors";
import { limiterFor } from "./backend";
import type { Limiter } from "./types";

// Failed sign-ins, limited per email and (more loosely, since offices share addresses) per IP,
// on the same backend as the API's limits. Only failures count; a success clears the
// email's counter. The check fails closed: with the backend down, signInRetryAfter throws
// UnavailableError and the throttle answers 503 rather than let guesses through unlimited.

export function signInLimiters(): { byEmail: Limiter; byIp: Limiter } {
  const { SIGNIN_MAX_FAILURES: max, SIGNIN_WINDOW_SECONDS: windowSeconds } = getConfig();
  return {
    byEmail: limiterFor({ name: "signin-email", max, windowSeconds, failClosed: true }),
    byIp: limiterFor({ name: "signin-ip", max: max * 4, windowSeconds, failClosed: true }),
  };
}

// Hashed, so the shared store holds no email addresses.
export const emailKey = (email: string) => `email:${createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 32)}`;
export const ipKey = (ip: string | null) => `ip:${ip ?? "unknown"}`;

/**
 * Seconds to wait before another attempt is allowed, or 0 when one is allowed now.
 * Throws UnavailableError when the limiter's backend is down or too slow.
 */
export async function signInRetryAfter(email: string, ip: string | null): Promise<number> {
  const { byEmail, byIp } = signInLimiters();
  const checks = await Promise.all([byEmail.getRemaining(emailKey(email)), byIp.getRemaining(ipKey(ip))]);
  const blocked = checks.filter((c) => c.remaining <= 0);
  if (blocked.length === 0) return 0;
  return Math.max(1, Math.ceil((Math.max(...blocked.map((c) => c.reset)) - Date.now()) / 1000));
}

// Counting and clearing happen after the check let the attempt in; if the backend drops in
// between, the guard has logged and counted it, and the next check refuses. Failing the
// sign-in itself at that point would help no one.
const ignoreUnavailable = (err: unknown) => {
  if (!(err instanceof UnavailableError)) throw err;
};

export async function countSignInFailure(email: string, ip: string | null): Promise<void> {
  const { byEmail, byIp } = signInLimiters();
  await Promise.all([byEmail.limit(emailKey(email)), byIp.limit(ipKey(ip))]).catch(ignoreUnavailable);
}

export async function clearSignInFailures(email: string): Promise<void> {
  await signInLimiters().byEmail.resetUsedTokens(emailKey(email)).catch(ignoreUnavailable);
}
