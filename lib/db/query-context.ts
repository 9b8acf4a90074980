import { AsyncLocalStorage } from "node:async_hooks";

// Which request issued a query: the route pipeline, server actions and pages run their work
// inside withRequestContext, and the timed client reads it when a query turns out slow.
// Background work that must not be recorded (the slow-query flush itself) opts out.

export type QueryContext = { route: string; requestId: string | null; untimed?: boolean };

const holder = globalThis as unknown as { __opsdeckQueryContext?: AsyncLocalStorage<QueryContext> };
const storage = (holder.__opsdeckQueryContext ??= new AsyncLocalStorage<QueryContext>());

export function withRequestContext<T>(context: { route: string; requestId: string | null }, fn: () => T): T {
  return storage.run({ route: context.route, requestId: context.requestId }, fn);
}

/** Queries issued inside fn are never recorded as slow (the recorder's own writes). */
export function withoutQueryRecording<T>(fn: () => T): T {
  return storage.run({ route: "(untimed)", requestId: null, untimed: true }, fn);
}

export function currentQueryContext(): QueryContext | undefined {
  return storage.getStore();
}
