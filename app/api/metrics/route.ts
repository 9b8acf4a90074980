import { metricsAccessAllowed, renderMetrics } from "@/lib/metrics/expose";

// Prometheus text exposition of this instance; bearer METRICS_TOKEN when it is set.
export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  if (!metricsAccessAllowed(request.headers.get("authorization"))) {
    return Response.json(
      { type: "urn:opsdeck:problem:unauthenticated", title: "Unauthorized", status: 401, detail: "Send `Authorization: Bearer <METRICS_TOKEN>`" },
      { status: 401, headers: { "Content-Type": "application/problem+json", "WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "no-store" } },
    );
  }
  const { contentType, body } = await renderMetrics();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
