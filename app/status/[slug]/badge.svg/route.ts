import { methodsNotAllowed } from "@/lib/http/methods";
import { statusPageResponse } from "@/lib/http/status-page";
import { BADGE_HEADERS } from "@/lib/security/headers";
import { renderBadge } from "@/lib/status-pages/embeds";

// The page's verdict as a badge; ?component=<key> (as in summary.json) for one component's state.
export const dynamic = "force-dynamic";
const path = "/status/[slug]/badge.svg";

export async function GET(request: Request, { params }: { params: Promise<Record<string, string>> }) {
  const slug = (await params).slug ?? "";
  const key = new URL(request.url).searchParams.get("component");
  return statusPageResponse(request, path, slug, (snapshot) => {
    const svg = { contentType: "image/svg+xml; charset=utf-8", headers: BADGE_HEADERS };
    if (!key) return { ...svg, body: renderBadge(snapshot.title, snapshot.verdict), variant: "badge" };
    const component = snapshot.groups.flatMap((g) => g.components).find((c) => c.key === key);
    return component ? { ...svg, body: renderBadge(component.name, component.state), variant: `badge-${component.key}` } : null;
  });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(path, { GET });
