import { getSessionUser } from "@/lib/auth/session";
import { getHealthSummary, publicHealth } from "@/lib/health/summary";
import { metricsAccessAllowed } from "@/lib/metrics/expose";
import { getConfig } from "@/lib/config";

// Summary for anyone; component detail for a signed-in user or a bearer METRICS_TOKEN.
export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const summary = await getHealthSummary();
  const authorization = request.headers.get("authorization");
  const tokenOk = getConfig().METRICS_TOKEN !== undefined && authorization !== null && metricsAccessAllowed(authorization);
  const detailed = tokenOk || (await getSessionUser()) !== null;
  const status = summary.status === "unhealthy" ? 503 : 200;
  return Response.json(detailed ? summary : publicHealth(summary), { status, headers: { "Cache-Control": "no-store" } });
}
