import { problemResponse } from "@/lib/http/problem";
import { metricsAccessAllowed, renderMetrics } from "@/lib/metrics/expose";
import { requestIdFrom } from "@/lib/request/id";
import { methodsNotAllowed } from "@/lib/http/methods";

// Prometheus text exposition of this instance; bearer METRICS_TOKEN when it is set.
export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  if (!metricsAccessAllowed(request.headers.get("authorization"))) {
    return problemResponse(401, "unauthenticated", "Send `Authorization: Bearer <METRICS_TOKEN>`", requestIdFrom(request.headers.get("x-request-id")), {
      headers: { "WWW-Authenticate": 'Bearer realm="metrics"' },
    });
  }
  const { contentType, body } = await renderMetrics();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("/api/metrics", { GET });
