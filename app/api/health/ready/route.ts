import { checkReadiness, readinessResponse } from "@/lib/health/checks";
import { methodsNotAllowed } from "@/lib/http/methods";

// Readiness: the database (and Redis when configured) answers within its deadline; 503
// with per-component detail otherwise. Never cached: a load balancer needs the truth now.
export const dynamic = "force-dynamic";

export async function GET() {
  return readinessResponse(await checkReadiness());
}

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("/api/health/ready", { GET });
