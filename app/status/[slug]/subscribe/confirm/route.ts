import { methodsNotAllowed } from "@/lib/http/methods";
import { statusHtml } from "@/lib/http/status-page";
import { requestMetaFrom } from "@/lib/request/meta";
import { renderNotice } from "@/lib/status-pages/render";
import { confirmSubscription } from "@/lib/status-pages/subscriptions";

// The confirmation link of the double opt-in (its token is used once).
export const dynamic = "force-dynamic";
const path = "/status/[slug]/subscribe/confirm";

export async function GET(request: Request, { params }: { params: Promise<Record<string, string>> }) {
  const slug = (await params).slug ?? "";
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const done = token ? await confirmSubscription(token, requestMetaFrom(request.headers)) : null;
  if (!done) return statusHtml(request, (n) => renderNotice("Link not valid", "This confirmation link is unknown or was already used.", n, `/status/${slug}`), 404);
  return statusHtml(request, (n) => renderNotice("Subscribed", "You will get an email when an incident or maintenance is posted. Every mail has a one-click unsubscribe link.", n, `/status/${done.pageSlug}`));
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(path, { GET });
