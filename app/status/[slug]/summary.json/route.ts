import { methodsNotAllowed } from "@/lib/http/methods";
import { statusPageResponse } from "@/lib/http/status-page";
import { summaryJson } from "@/lib/status-pages/embeds";

export const dynamic = "force-dynamic";
const path = "/status/[slug]/summary.json";

export async function GET(request: Request, { params }: { params: Promise<Record<string, string>> }) {
  const slug = (await params).slug ?? "";
  return statusPageResponse(request, path, slug, (snapshot) => ({ body: summaryJson(snapshot), contentType: "application/json", variant: "json", headers: { "Access-Control-Allow-Origin": "*" } }));
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(path, { GET });
