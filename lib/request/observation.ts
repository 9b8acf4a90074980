import { AsyncLocalStorage } from "node:async_hooks";

// What the HTTP-server hook learns about a request while Next handles it, read back when the
// response closes: whether the pipeline or an action already counted it (metrics), the route
// template they know better than the manifest does, and who the caller was (the request log
// line). One store per request, shared by every module instance (Next bundles modules more
// than once, so it lives on globalThis).

export type RequestObservation = { recorded: boolean; route?: string; caller?: string };

const holder = globalThis as unknown as { __opsdeckRequestScope?: AsyncLocalStorage<RequestObservation> };

export function requestObservation(): AsyncLocalStorage<RequestObservation> {
  return (holder.__opsdeckRequestScope ??= new AsyncLocalStorage<RequestObservation>());
}

/** `user:<id>` or `key:<id>` (never a secret): who the request log line names. */
export function noteCaller(caller: string): void {
  const scope = requestObservation().getStore();
  if (scope) scope.caller = caller;
}
