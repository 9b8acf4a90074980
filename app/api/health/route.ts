import { healthFor } from "@/lib/health/summary";
import { methodsNotAllowed } from "@/lib/http/methods";

// Summary for anyone; component detail for a signed-in user or a bearer METRICS_TOKEN (lib/health).
export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const { body, status } = await healthFor(request.headers.get("authorization"));
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("/api/health", { GET });
