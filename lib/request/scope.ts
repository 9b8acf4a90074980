import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { headers } from "next/headers";

// The request as server actions and session checks see it: Next's own request headers, or —
// only inside tests — a scope entered in-process by runInRequestScope (the authorization
// matrix calls every action and route as a given user with a given Origin). Nothing from
// the network can enter the scope: it is an AsyncLocalStorage, and entering it outside a
// test run throws.

type Scope = { headers: Headers; sessionId: string | null };
const storage = new AsyncLocalStorage<Scope>();

/** The current request's headers (the test scope's, when one is entered). */
export async function requestHeaders(): Promise<Pick<Headers, "get">> {
  return storage.getStore()?.headers ?? (await headers());
}

/** Inside a test scope: the session id it carries (null = anonymous). Outside: undefined. */
export function scopedSessionId(): string | null | undefined {
  return storage.getStore()?.sessionId;
}

/** Runs `fn` as a request with these headers and session (tests only). */
export function runInRequestScope<T>(scope: { headers: HeadersInit; sessionId: string | null }, fn: () => Promise<T>): Promise<T> {
  if (!process.env.VITEST) throw new Error("runInRequestScope is a test seam and refuses to run outside vitest");
  return storage.run({ headers: new Headers(scope.headers), sessionId: scope.sessionId }, fn);
}
