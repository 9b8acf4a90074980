import { AsyncLocalStorage } from "node:async_hooks";

// What the HTTP-server hook learns about a request while Next handles it, read back when the
// response closes: whether the pipeline or an action already counted it (metrics), the route
// template they know better than the manifest does, and who the caller was (the request log
// line). One store per request, shared by every module instance (Next bundles modules more
// than once, so it lives on globalThis).

export type RequestObservation = { recorded: boolean; route?: string; caller?: string };

const holder = globalThis as unknown as { __opsdeckRequestScope?: AsyncLocalStorage<RequestObservation>; __opsdeckObservations?: Map<string, RequestObservation> };

export function requestObservation(): AsyncLocalStorage<RequestObservation> {
  return (holder.__opsdeckRequestScope ??= new AsyncLocalStorage<RequestObservation>());
}

// The same stores by request id, while each request is open: React's rendering does not always
// run in the request's async context (work resumed from another request's socket callback), but
// it always has the request's headers, X-Request-Id included.
const byId = (holder.__opsdeckObservations ??= new Map<string, RequestObservation>());

/** Runs fn with `observation` as the request's store, findable by its id until `close` is called. */
export function openObservation(requestId: string, observation: RequestObservation): () => void {
  byId.set(requestId, observation);
  return () => byId.delete(requestId);
}

/** `user:<id>` or `key:<id>` (never a secret): who the request log line names. */
export function noteCaller(caller: string, requestId?: string | null): void {
  const scope = requestObservation().getStore() ?? (requestId ? byId.get(requestId) : undefined);
  if (scope) scope.caller = caller;
}
