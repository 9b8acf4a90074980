import "server-only";
import type { Span } from "@opentelemetry/api";
import type { NextRequest } from "next/server";
import type { ZodType } from "zod";
import { authenticateApiKey } from "../api-keys/authenticate";
import { authorize } from "../auth/authorize";
import { callerKey, type AccessContext, type Principal } from "../auth/principal";
import { roleAtLeast, type Role } from "../auth/roles";
import { roleForScope, type Scope } from "../auth/scopes";
import { getSessionUser } from "../auth/session";
import { withRequestContext } from "../db/query-context";
import { countRateLimited, recordRequest } from "../metrics/record";
import { reportServerError } from "../observability/sentry-server";
import { withSpan } from "../observability/tracing";
import { noteCaller } from "../request/observation";
import type { OperationDoc, OperationSource } from "../openapi/operation";
import { checkRateLimit, type RouteClass } from "../ratelimit/policies";
import { requestIdFrom } from "../request/id";
import { readJsonBody } from "./body";
import { assertStorable } from "./input-gate";
import { errorToResponse, HttpError, zodFieldErrors } from "./problem";
import { replyToResponse, type Reply } from "./reply";
import { requestMetaFrom } from "../request/meta";

// The one route-handler pipeline: request id → auth (API key or session) → rate limit →
// validation → handler → problem+json errors → ETag/Cache-Control → metrics.
// Handlers declare what they need; the body is business logic only.

export type Ctx<P, Q, B> = {
  request: NextRequest;
  requestId: string;
  /** The caller, as every domain function takes it. */
  access: AccessContext;
  params: P;
  query: Q;
  body: B;
};

export type { Reply };

type Options<P, Q, B> = {
  /** The route template, for metrics labels: "/api/v1/runs/[id]". */
  route: string;
  scope?: Scope;
  /**
   * The lowest role a signed-in user needs. With a scope beside it, keys are judged by the
   * scope alone (the domain adds what keys need, e.g. being unbound); without one, the route
   * is for signed-in users only.
   */
  role?: Role;
  rateLimit?: RouteClass;
  /** GET answers get an ETag and revalidate to 304 (default for GET). */
  cache?: boolean;
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  maxBodyBytes?: number;
  /** The route's OpenAPI operation; scope, params, query and body are read from the options above. */
  doc?: OperationDoc;
};

const QUERY_SECRETS = ["api_key", "apikey", "key", "token", "access_token", "authorization"];

async function authenticate(request: NextRequest): Promise<Principal> {
  const header = request.headers.get("authorization");
  if (header !== null) {
    const match = /^Bearer ([^\s]+)$/.exec(header.trim());
    if (!match) throw new HttpError(401, "invalid_authorization", "Authorization must be `Bearer <api key>`", { headers: { "WWW-Authenticate": 'Bearer realm="opsdeck"' } });
    const check = await authenticateApiKey(match[1]!);
    if (!check.ok) {
      const detail = { malformed: "The API key is malformed", unknown: "The API key is not valid", revoked: "The API key has been revoked", expired: "The API key has expired" }[check.reason];
      throw new HttpError(401, `key_${check.reason}`, detail, { headers: { "WWW-Authenticate": 'Bearer realm="opsdeck", error="invalid_token"' } });
    }
    return { kind: "api_key", key: check.key };
  }
  const user = await getSessionUser();
  if (user) return { kind: "user", user };
  throw new HttpError(401, "unauthenticated", "Send `Authorization: Bearer <api key>` or sign in", { headers: { "WWW-Authenticate": 'Bearer realm="opsdeck"' } });
}

function parseWith<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  assertStorable(value, where);
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new HttpError(400, "invalid_request", `The ${where} is not valid`, { errors: zodFieldErrors(result.error, where) });
  }
  return result.data;
}

/** A route handler's declared needs: the registry the authorization matrix walks and the OpenAPI document is built from. */
export type RouteDefinition = OperationSource & {
  role: Role | null;
  /** The lowest role a signed-in user needs. */
  minRole: Role;
};

const routeRegistry = new Set<RouteDefinition>();
const routeDefinitions = new WeakMap<object, RouteDefinition>();

/** Every handler built by route() in the modules loaded so far. */
export function registeredRoutes(): RouteDefinition[] {
  return [...routeRegistry];
}

/** The registry entry of a handler built by route(); undefined for a handler outside the pipeline. */
export function routeDefinitionOf(handler: unknown): RouteDefinition | undefined {
  return typeof handler === "function" ? routeDefinitions.get(handler) : undefined;
}

export function route<P = undefined, Q = undefined, B = undefined>(
  options: Options<P, Q, B>,
  handler: (ctx: Ctx<P, Q, B>) => Promise<Reply>,
) {
  const scopeRole = options.scope ? roleForScope(options.scope) : "viewer";
  const definition: RouteDefinition = {
    route: options.route,
    scope: options.scope ?? null,
    role: options.role ?? null,
    minRole: options.role && roleAtLeast(options.role, scopeRole) ? options.role : scopeRole,
    params: options.params,
    query: options.query,
    body: options.body,
    doc: options.doc,
  };
  routeRegistry.add(definition);
  type RouteContext = { params?: Promise<Record<string, string | string[]>> };
  // With tracing on, the handler's span is named by the route template; its queries nest under it.
  const handle = (request: NextRequest, context?: RouteContext): Promise<Response> =>
    withSpan(options.route, { attributes: { "http.route": options.route, "http.request.method": request.method } }, (span) => run(request, context, span));
  const run = async (request: NextRequest, context: RouteContext | undefined, span: Span | undefined): Promise<Response> => {
    const started = performance.now();
    // proxy.ts has usually settled the id already; a client's is kept only if it looks like one (it is echoed and audited).
    const requestId = requestIdFrom(request.headers.get("x-request-id"));
    span?.setAttribute("opsdeck.request_id", requestId);
    // The audit trail records the id the client sees in X-Request-Id, generated or not.
    const meta = { ...requestMetaFrom(request.headers), requestId };
    let rateHeaders: Record<string, string> = {};
    let response: Response;
    try {
      const url = new URL(request.url);
      if (QUERY_SECRETS.some((k) => url.searchParams.has(k))) {
        throw new HttpError(400, "key_in_query", "API keys are never accepted in the query string; send `Authorization: Bearer <key>`");
      }
      const principal = await withRequestContext({ route: options.route, requestId }, () => authenticate(request));
      noteCaller(callerKey(principal), requestId);
      span?.setAttribute("enduser.id", callerKey(principal));

      const limited = await checkRateLimit(options.rateLimit ?? (request.method === "GET" ? "read" : "write"), callerKey(principal));
      rateHeaders = limited.headers;
      if (!limited.success) {
        countRateLimited();
        throw new HttpError(429, "rate_limited", "Rate limit exceeded for this key", { headers: { ...limited.headers, "Retry-After": String(limited.retryAfter) } });
      }

      const access: AccessContext = { principal, meta };
      const resource = `${request.method} ${options.route}`;
      if (options.scope) await authorize(access, options.scope, resource);
      if (options.role && (principal.kind === "user" || !options.scope)) await authorize(access, options.role, resource);

      const params = parseWith(options.params, context?.params ? await context.params : {}, "path");
      const query = parseWith(options.query, Object.fromEntries(url.searchParams), "query");
      const body = options.body ? parseWith(options.body, await readJsonBody(request, options.maxBodyBytes), "body") : (undefined as B);

      const reply = await withRequestContext({ route: options.route, requestId }, () => handler({ request, requestId, access, params, query, body }));
      response = replyToResponse(request, reply, options.cache ?? request.method === "GET");
    } catch (err) {
      response = errorToResponse(err, requestId);
      if (response.status >= 500 && response.status !== 503) reportServerError(err, { requestId, route: options.route, request });
    }
    response.headers.set("X-Request-Id", requestId);
    for (const [k, v] of Object.entries(rateHeaders)) if (!response.headers.has(k)) response.headers.set(k, v);
    recordRequest({ route: options.route, method: request.method, status: response.status, durationMs: performance.now() - started });
    span?.setAttribute("http.response.status_code", response.status);
    return response;
  };
  routeDefinitions.set(handle, definition);
  return handle;
}
