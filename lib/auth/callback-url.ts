const BASE = "http://opsdeck.invalid";

/**
 * Where to go after signing in: only a same-origin relative path, else "/". Parsing against a
 * dummy origin catches "//evil.example", "/\evil.example" and tab/newline tricks; the result
 * is re-checked because path normalisation can itself produce "//host" (from "/.//host").
 */
export function safeCallbackUrl(raw: string): string {
  if (!raw.startsWith("/")) return "/";
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return "/";
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.origin !== BASE || path.startsWith("//") || path.startsWith("/\\")) return "/";
  // Back to the sign-in page or to an API response is never a useful landing place.
  if (url.pathname === "/login" || url.pathname.startsWith("/api/")) return "/";
  return path;
}
