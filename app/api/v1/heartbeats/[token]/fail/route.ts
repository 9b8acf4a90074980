import { methodsNotAllowed } from "@/lib/http/methods";
import { heartbeatHandler } from "@/lib/http/heartbeat";

const path = "/api/v1/heartbeats/[token]/fail";
export const dynamic = "force-dynamic";

export const POST = heartbeatHandler({ route: path, failed: true, method: "POST" });
export const GET = heartbeatHandler({ route: path, failed: true, method: "GET" });

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(path, { GET, POST });
