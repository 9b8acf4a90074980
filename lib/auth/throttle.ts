import { UnavailableError } from "../errors";
import { requestMetaFrom } from "../request/meta";
import { signInRetryAfter } from "../ratelimit/signin";

/**
 * Refuses a credentials sign-in while the email or the client address is over its budget
 * of failures: 429 with Retry-After, in the JSON shape next-auth's client reads (`url`
 * carrying `error=RateLimited`), so the login form can say why. When the limiter's backend
 * is down, 503 with `error=Unavailable` instead of an unthrottled attempt.
 */
export async function signInThrottle(request: Request): Promise<Response | null> {
  if (!new URL(request.url).pathname.endsWith("/callback/credentials")) return null;
  let email = "";
  try {
    const form = await request.clone().formData();
    email = String(form.get("email") ?? "");
  } catch {
    return null; // let next-auth answer a malformed body
  }
  let retryAfter: number;
  try {
    retryAfter = await signInRetryAfter(email, requestMetaFrom(request.headers).ip ?? null);
  } catch (err) {
    // The limiter fails closed: without it, guesses would go through uncounted.
    if (!(err instanceof UnavailableError)) throw err;
    return Response.json(
      { url: new URL("/login?error=Unavailable", request.url).href, error: "Sign-in is temporarily unavailable", retryAfter: 5 },
      { status: 503, headers: { "Retry-After": "5", "Cache-Control": "no-store" } },
    );
  }
  if (retryAfter === 0) return null;
  return Response.json(
    { url: new URL("/login?error=RateLimited", request.url).href, error: "Too many failed sign-ins", retryAfter },
    { status: 429, headers: { "Retry-After": String(retryAfter), "Cache-Control": "no-store" } },
  );
}
