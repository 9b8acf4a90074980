import { methodsNotAllowed } from "@/lib/http/methods";
import { statusHtml } from "@/lib/http/status-page";
import { ServiceError } from "@/lib/errors";
import { requestMetaFrom } from "@/lib/request/meta";
import { renderNotice } from "@/lib/status-pages/render";
import { subscribe } from "@/lib/status-pages/subscriptions";

// The public page's sign-up form posts here (a plain form: the page runs no script). The
// answer is the same for a new, pending or confirmed address.
export const dynamic = "force-dynamic";
const path = "/status/[slug]/subscribe";

export async function POST(request: Request, { params }: { params: Promise<Record<string, string>> }) {
  const slug = (await params).slug ?? "";
  const back = `/status/${slug}`;
  let email = "";
  try {
    const type = request.headers.get("content-type") ?? "";
    if (type.includes("application/json")) email = String(((await request.json()) as { email?: unknown }).email ?? "");
    else email = String((await request.formData()).get("email") ?? "");
  } catch {
    email = "";
  }
  try {
    await subscribe(slug, { email }, requestMetaFrom(request.headers));
    return statusHtml(request, (n) => renderNotice("Check your inbox", "If the address can receive mail, a confirmation link is on its way. Nothing else is sent until it is followed.", n, back), 202);
  } catch (err) {
    if (err instanceof ServiceError && err.code === "not_found") return statusHtml(request, (n) => renderNotice("Not found", "This status page does not take email subscriptions.", n, null), 404);
    if (err instanceof ServiceError && err.code === "rate_limited") return statusHtml(request, (n) => renderNotice("Try again later", "Too many sign-ups for this page right now.", n, back), 429, { "Retry-After": String(err.details?.retryAfter ?? 60) });
    if ((err as { name?: string }).name === "ZodError") return statusHtml(request, (n) => renderNotice("That is not an email address", "Go back and check the address.", n, back), 400);
    throw err;
  }
}

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(path, { POST });
