import type { MonitorDetail } from "../db/schema";
import { evaluateJsonAssertion } from "./json-assertion";

import { SpanKind, SpanStatusCode, withSpan, withTraceHeaders } from "../observability/tracing";

// One HTTP probe: the request is aborted at the monitor's timeout (AbortSignal), the body is
// read only when a keyword or a JSON assertion must be checked, and at most 1 MiB of it.

export type ProbeTarget = {
  url: string;
  method: string;
  timeoutMs: number;
  expectedStatus: number;
  keyword: string | null;
  jsonPath?: string | null;
  jsonExpected?: string | null;
  degradedMs?: number | null;
};
/** degraded: up, but slower than the threshold or a certificate near expiry (error then says why). */
export type ProbeResult = { ok: boolean; degraded?: boolean; statusCode: number | null; latencyMs: number; error: string | null; detail?: MonitorDetail | null };

const MAX_BODY_BYTES = 1024 * 1024;

async function readCapped(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < MAX_BODY_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString("utf8");
}

/** One probe; with tracing on, a CLIENT span whose traceparent goes out with the request. */
export function probe(target: ProbeTarget): Promise<ProbeResult> {
  let host = "";
  try {
    host = new URL(target.url).host;
  } catch {
    // an unparsable URL is refused by probeOnce
  }
  return withSpan(`monitor probe ${target.method}`, { kind: SpanKind.CLIENT, attributes: { "http.request.method": target.method, "server.address": host } }, async (span) => {
    const result = await probeOnce(target);
    if (result.statusCode !== null) span?.setAttribute("http.response.status_code", result.statusCode);
    if (!result.ok) span?.setStatus({ code: SpanStatusCode.ERROR, message: result.error ?? "probe failed" });
    return result;
  });
}

async function probeOnce(target: ProbeTarget): Promise<ProbeResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const protocol = new URL(target.url).protocol;
  if (protocol !== "http:" && protocol !== "https:") return { ok: false, statusCode: null, latencyMs: 0, error: "only http and https URLs are probed" };
  const signal = AbortSignal.timeout(target.timeoutMs);
  try {
    const response = await fetch(target.url, { method: target.method, signal, redirect: "follow", headers: withTraceHeaders({ "user-agent": "opsdeck-monitor/1" }), cache: "no-store" });
    if (response.status !== target.expectedStatus) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, statusCode: response.status, latencyMs: elapsed(), error: `expected status ${target.expectedStatus}, got ${response.status}` };
    }
    if ((target.keyword || target.jsonPath) && target.method !== "HEAD") {
      const body = await readCapped(response);
      if (target.keyword && !body.includes(target.keyword)) return { ok: false, statusCode: response.status, latencyMs: elapsed(), error: `keyword "${target.keyword}" not found in the response` };
      if (target.jsonPath) {
        const failure = evaluateJsonAssertion(body, target.jsonPath, target.jsonExpected ?? "true");
        if (failure) return { ok: false, statusCode: response.status, latencyMs: elapsed(), error: failure.slice(0, 200) };
      }
    } else {
      await response.body?.cancel().catch(() => undefined);
    }
    const latencyMs = elapsed();
    if (target.degradedMs && latencyMs > target.degradedMs) return { ok: true, degraded: true, statusCode: response.status, latencyMs, error: `answered in ${latencyMs} ms, over ${target.degradedMs} ms` };
    return { ok: true, statusCode: response.status, latencyMs, error: null };
  } catch (err) {
    const timedOut = signal.aborted;
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const message = timedOut ? `no answer within ${target.timeoutMs} ms` : (cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err)));
    return { ok: false, statusCode: null, latencyMs: elapsed(), error: message.slice(0, 200) };
  }
}
