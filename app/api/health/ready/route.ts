import { checkReadiness, readinessResponse } from "@/lib/health/checks";

// Readiness: the database (and Redis when configured) answers within its deadline; 503
// with per-component detail otherwise. Never cached: a load balancer needs the truth now.
export const dynamic = "force-dynamic";

export async function GET() {
  return readinessResponse(await checkReadiness());
}
