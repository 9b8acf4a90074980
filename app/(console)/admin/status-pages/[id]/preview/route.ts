import { statusHtml } from "@/lib/http/status-page";
import { sessionAccess } from "@/lib/auth/session";
import { ServiceError } from "@/lib/errors";
import { renderStatusPage } from "@/lib/status-pages/render";
import { previewStatusPage } from "@/lib/status-pages/snapshot";

// The console's preview of a status page, published or not: the public rendering, for a
// signed-in operator or admin (status:write, checked in lib/status-pages). Never cached.
export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<Record<string, string>> }) {
  const access = await sessionAccess();
  if (!access) return Response.redirect(new URL(`/login?callbackUrl=${encodeURIComponent(new URL(request.url).pathname)}`, request.url), 303);
  try {
    const snapshot = await previewStatusPage(access, (await params).id ?? "");
    return statusHtml(request, (nonce) => renderStatusPage(snapshot, nonce, "Preview: this is what readers see."));
  } catch (err) {
    if (err instanceof ServiceError && (err.code === "forbidden" || err.code === "insufficient_scope")) return new Response("Forbidden", { status: 403 });
    if (err instanceof ServiceError && err.code === "not_found") return new Response("Not found", { status: 404 });
    throw err;
  }
}
