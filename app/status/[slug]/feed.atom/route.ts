import { methodsNotAllowed } from "@/lib/http/methods";
import { statusPageResponse } from "@/lib/http/status-page";
import { consoleUrl } from "@/lib/notifications/message";
import { renderAtom } from "@/lib/status-pages/embeds";

export const dynamic = "force-dynamic";
const path = "/status/[slug]/feed.atom";

export async function GET(request: Request, { params }: { params: Promise<Record<string, string>> }) {
  const slug = (await params).slug ?? "";
  const origin = new URL(consoleUrl("/")).origin;
  return statusPageResponse(request, path, slug, (snapshot) => ({ body: renderAtom(snapshot, origin), contentType: "application/atom+xml; charset=utf-8", variant: "atom" }));
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(path, { GET });
