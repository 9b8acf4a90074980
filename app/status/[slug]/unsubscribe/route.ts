import { methodsNotAllowed } from "@/lib/http/methods";
import { statusHtml } from "@/lib/http/status-page";
import { requestMetaFrom } from "@/lib/request/meta";
import { renderNotice } from "@/lib/status-pages/render";
import { unsubscribe } from "@/lib/status-pages/subscriptions";

// One click: the link in every mail (GET), and the mail client's List-Unsubscribe-Post (RFC 8058, POST).
export const dynamic = "force-dynamic";
const path = "/status/[slug]/unsubscribe";

async function handle(request: Request, { params }: { params: Promise<Record<string, string>> }) {
  const slug = (await params).slug ?? "";
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const done = token ? await unsubscribe(token, requestMetaFrom(request.headers)) : false;
  if (!done) return statusHtml(request, (n) => renderNotice("Already unsubscribed", "This address gets no more mail from this page.", n, `/status/${slug}`), 200);
  return statusHtml(request, (n) => renderNotice("Unsubscribed", "This address gets no more mail from this page.", n, `/status/${slug}`));
}

export const GET = handle;
export const POST = handle;
export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(path, { GET, POST });
