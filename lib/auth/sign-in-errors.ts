// next-auth's error codes (plus our RateLimited) as sentences. Unknown codes get the generic
// line: the query string is attacker-controlled, so it is never echoed.

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Wrong email or password.",
  RateLimited: "Too many failed sign-ins. Try again in a few minutes.",
  AccessDenied: "That account is not allowed to sign in.",
  Unavailable: "Sign-in is temporarily unavailable. Try again in a moment.",
};

export const GENERIC_SIGN_IN_ERROR = "Sign-in failed. Try again, or ask an administrator if it keeps happening.";

export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  // Own keys only: ?error=constructor must not reach Object.prototype.
  return Object.hasOwn(MESSAGES, code) ? MESSAGES[code]! : GENERIC_SIGN_IN_ERROR;
}
