import { recordRequest } from "../metrics/record";
import { requestIdFrom } from "../request/id";
import { problemResponse } from "./problem";

// Undeclared methods of a route file. Next answers them with an empty 405 (and an OPTIONS
// listing only what the file exports), outside our problem+json contract. A route file
// exports the handlers it declares and, from this, one for every other method:
//   export const { POST, PUT, DELETE, OPTIONS } = methodsNotAllowed(path, { GET, PATCH });
// The return type only has the missing names, so the compiler rejects a wrong list, and
// tests/api-edge.test.ts checks every route file exports them all.

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof HTTP_METHODS)[number];
type Handler = (request: Request) => Response | Promise<Response>;

const edgeHandlers = new WeakSet<object>();

/** Whether `handler` is one of the refusals made here (405, OPTIONS, the /api 404): the registries skip them, they change nothing. */
export function isEdgeHandler(handler: unknown): boolean {
  return typeof handler === "object" || typeof handler === "function" ? edgeHandlers.has(handler as object) : false;
}

/** `route` is the file's template ("/api/v1/runs/[id]"), for the metrics label. */
export function methodsNotAllowed<D extends Partial<Record<Method, unknown>>>(route: string, declared: D): Record<Exclude<Method, keyof D> | "OPTIONS", Handler> {
  const declaredMethods = HTTP_METHODS.filter((m) => m in declared);
  const allow = [...declaredMethods, ...(declaredMethods.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const refuse: Handler = (request) => {
    const started = performance.now();
    const requestId = requestIdFrom(request.headers.get("x-request-id"));
    const response = problemResponse(405, "method_not_allowed", `${request.method} is not allowed here; use ${declaredMethods.join(" or ")}`, requestId, { headers: { Allow: allow } });
    recordRequest({ route, method: request.method, status: 405, durationMs: performance.now() - started });
    return response;
  };
  edgeHandlers.add(refuse);
  const options: Handler = () => new Response(null, { status: 204, headers: { Allow: allow, "Cache-Control": "no-store" } });
  edgeHandlers.add(options);
  const out: Record<string, Handler> = { OPTIONS: options };
  for (const m of HTTP_METHODS) if (!(m in declared)) out[m] = refuse;
  return out as Record<Exclude<Method, keyof D> | "OPTIONS", Handler>;
}

/** Every method of the catch-all under /api: 404 problem+json, for paths no route serves. */
export function unknownApiPath(): Record<Method | "OPTIONS", Handler> {
  const notFound: Handler = (request) => {
    const started = performance.now();
    const requestId = requestIdFrom(request.headers.get("x-request-id"));
    const response = problemResponse(404, "not_found", `No API resource at ${new URL(request.url).pathname.slice(0, 200)}`, requestId);
    recordRequest({ route: "(unmatched)", method: request.method, status: 404, durationMs: performance.now() - started });
    return response;
  };
  edgeHandlers.add(notFound);
  return { GET: notFound, POST: notFound, PUT: notFound, PATCH: notFound, DELETE: notFound, OPTIONS: notFound };
}
