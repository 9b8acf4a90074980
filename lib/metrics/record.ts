import type { AsyncLocalStorage } from "node:async_hooks";
import { requestObservation, type RequestObservation } from "../request/observation";
import { addToMinute } from "./aggregate";
import { appMetrics } from "./registry";

// The one place a finished request is counted: the Prometheus series and this process's
// per-minute history. The route-handler pipeline and the server-action wrapper call it
// with their route template; everything else (pages, Next's own routes) is recorded by the
// HTTP-server hook (http-hook.ts), which skips requests one of them already recorded.

export type RequestSample = { route: string; method: string; status: number; durationMs: number };

type Recorder = (sample: RequestSample) => void;
const holder = globalThis as unknown as { __opsdeckRecordRequest?: Recorder };

/** Per-request marker shared by every module instance (lib/request/observation.ts). */
export function requestScope(): AsyncLocalStorage<RequestObservation> {
  return requestObservation();
}

export function recordSample(sample: RequestSample): void {
  const m = appMetrics();
  const labels = { route: sample.route, method: sample.method, status: String(sample.status) };
  const seconds = sample.durationMs / 1000;
  m.duration.observe(labels, seconds);
  m.requests.inc(labels);
  if (sample.status >= 500) m.errors.inc(labels);
  addToMinute({ route: sample.route, method: sample.method, status: sample.status, seconds });
}

export function recordRequest(sample: RequestSample): void {
  const scope = requestScope().getStore();
  if (scope) {
    scope.recorded = true;
    scope.route = sample.route;
  }
  (holder.__opsdeckRecordRequest ?? recordSample)(sample);
}

/** Replaces the recorder (benchmarks compare against a no-op); undefined restores the default. */
export function setRequestRecorder(recorder: Recorder | undefined): void {
  holder.__opsdeckRecordRequest = recorder;
}

export function countRunsIngested(n: number): void {
  if (n > 0) appMetrics().runsIngested.inc(n);
}

export function countRateLimited(): void {
  appMetrics().rateLimited.inc();
}

/** For the slow-query recorder: one query slower than SLOW_QUERY_MS. */
export function countSlowQuery(): void {
  appMetrics().slowQueries.inc();
}
