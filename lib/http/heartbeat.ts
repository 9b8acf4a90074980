import "server-only";
import { z } from "zod";
import { getConfig } from "../config";
import { errorToResponse, problemResponse } from "./problem";
import { registerPublicRoute } from "./public";
import { recordRequest } from "../metrics/record";
import type { OperationDoc } from "../openapi/operation";
import { limiterFor } from "../ratelimit/backend";
import { requestIdFrom } from "../request/id";
import { hashHeartbeatToken } from "../monitors/heartbeat-token";
import { PING_BODY_MAX, recordHeartbeat } from "../monitors/heartbeat";
import { heartbeatAckSchema } from "../monitors/heartbeat-schemas";

// POST|GET /api/v1/heartbeats/{token}[/fail]: outside the API-key pipeline, since the token in
// the path is the credential. Rate-limited per token (fails open: a ping must not be lost to a
// limiter outage); the body, if any, is kept up to 1 kB; 200 on success, 404 for any token
// that is not a heartbeat's, malformed ones included.

const TOKEN = /^hb_[A-Za-z0-9_-]{43}$/;
const tokenParams = z.object({ token: z.string() });


async function readPingBody(request: Request): Promise<string | null> {
  if (request.method !== "POST" || !request.body) return null;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < PING_BODY_MAX) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  const text = Buffer.concat(chunks).subarray(0, PING_BODY_MAX).toString("utf8");
  return text.length > 0 ? text : null;
}

export function heartbeatHandler(options: { route: string; failed: boolean; method: "GET" | "POST" }) {
  const doc: OperationDoc = {
    operationId: `${options.failed ? "failHeartbeat" : "pingHeartbeat"}${options.method === "GET" ? "Get" : ""}`,
    tag: "Monitors",
    summary: options.failed ? `Report a heartbeat job's failure (${options.method})` : `Ping a heartbeat monitor (${options.method})`,
    description: `The token in the path is the credential (shown once when the heartbeat monitor is created or its token rotated); no API key. ${options.failed ? "The monitor goes down at once." : "The monitor is up while pings arrive within its period (or cron schedule) plus grace."}${options.method === "POST" ? " An optional body is kept, up to 1 kB." : ""} Any token that is not a heartbeat's answers 404.`,
    paramDocs: { token: "The heartbeat's ping token" },
    success: { status: 200, description: "The ping was recorded", response: heartbeatAckSchema },
    errors: [404, 429],
  };
  const handler = async (request: Request, context: { params: Promise<Record<string, string>> }): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdFrom(request.headers.get("x-request-id"));
    let response: Response;
    try {
      const token = (await context.params).token ?? "";
      if (!TOKEN.test(token)) {
        // Same work as a lookup that misses, so a malformed token is not told apart by timing.
        hashHeartbeatToken(token);
        response = problemResponse(404, "not_found", "Heartbeat not found", requestId);
      } else {
        const limit = await limiterFor({ name: "heartbeat", max: getConfig().RATELIMIT_HEARTBEAT_PER_MINUTE, windowSeconds: 60, failClosed: false }).limit(`hb:${hashHeartbeatToken(token).slice(0, 32)}`);
        if (!limit.success) {
          const retryAfter = String(Math.max(1, Math.ceil((limit.reset - Date.now()) / 1000)));
          response = problemResponse(429, "rate_limited", "Too many pings for this heartbeat", requestId, { headers: { "Retry-After": retryAfter } });
        } else {
          await recordHeartbeat(token, { failed: options.failed, body: await readPingBody(request) });
          response = new Response(JSON.stringify({ ok: true }), { status: 200, headers: { "Content-Type": "application/json", "Cache-Control": "no-store", "X-Request-Id": requestId } });
        }
      }
    } catch (err) {
      response = errorToResponse(err, requestId);
    }
    recordRequest({ route: options.route, method: request.method, status: response.status, durationMs: performance.now() - started });
    return response;
  };
  return registerPublicRoute(handler, { route: options.route, params: tokenParams, doc });
}
