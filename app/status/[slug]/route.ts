import { methodsNotAllowed } from "@/lib/http/methods";
import { statusPageResponse } from "@/lib/http/status-page";
import { renderStatusPage } from "@/lib/status-pages/render";

// The public status page: anyone, no sign-in, no session read; from the cached snapshot.
export const dynamic = "force-dynamic";
const path = "/status/[slug]";

export async function GET(request: Request, { params }: { params: Promise<Record<string, string>> }) {
  const slug = (await params).slug ?? "";
  return statusPageResponse(request, path, slug, (snapshot, nonce) => ({ body: renderStatusPage(snapshot, nonce), contentType: "text/html; charset=utf-8", variant: "html", csp: true }));
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(path, { GET });
