import { checkDatabase } from "@/lib/health/checks";

// Readiness: the database answers within the deadline; 503 with per-component detail otherwise.
export const dynamic = "force-dynamic";

export async function GET() {
  const database = await checkDatabase();
  const ready = database.status === "up";
  return Response.json(
    { status: ready ? "ready" : "not_ready", components: { database } },
    { status: ready ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
