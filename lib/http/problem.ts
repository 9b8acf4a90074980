import { ZodError } from "zod";
import { isDatabaseOutage } from "../db/outage";
import { ServiceError, type ErrorCode } from "../errors";
import { errorField, log } from "../log/logger";

// RFC 9457 problem details: every error answer of the API, and never a stack trace.

export type FieldError = { path: string; message: string };
export type Problem = { type: string; title: string; status: number; detail: string; requestId: string; errors?: FieldError[] } & Record<string, unknown>;

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  431: "Request Header Fields Too Large",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** The one map from a domain error's code to its HTTP status (server actions use the same codes). */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  forbidden: 403,
  insufficient_scope: 403,
  not_found: 404,
  conflict: 409,
  invalid: 422,
  invalid_cursor: 400,
  invalid_field: 400,
  limit_exceeded: 409,
  rate_limited: 429,
  unavailable: 503,
};

/** Codes outside the domain's: the transport's own refusals. */
export type TransportCode = "unauthenticated" | "invalid_request" | "foreign_origin" | "internal";

/** The status of any code a domain error, an action result or the pipeline carries. */
export function statusForCode(code: ErrorCode | TransportCode): number {
  const transport: Record<TransportCode, number> = { unauthenticated: 401, invalid_request: 400, foreign_origin: 403, internal: 500 };
  return code in transport ? transport[code as TransportCode] : STATUS_BY_CODE[code as ErrorCode];
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string>; [k: string]: unknown } = {},
  ) {
    super(detail);
  }
}

/** The problem document and the headers it is sent with: one shape for route handlers and the Node server's own answers. */
export function problemParts(
  status: number,
  code: string,
  detail: string,
  requestId: string,
  extra: { errors?: FieldError[]; headers?: Record<string, string>; [k: string]: unknown } = {},
): { body: string; headers: Record<string, string> } {
  const { headers, ...fields } = extra;
  // A domain error's details add members; they never replace RFC 9457's own.
  for (const member of ["type", "title", "status", "detail", "requestId"]) delete fields[member];
  const body: Problem = { type: `urn:opsdeck:problem:${code}`, title: TITLES[status] ?? "Error", status, detail, requestId, ...fields };
  return { body: JSON.stringify(body), headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store", "X-Request-Id": requestId, ...headers } };
}

export function problemResponse(...args: Parameters<typeof problemParts>): Response {
  const { body, headers } = problemParts(...args);
  return new Response(body, { status: args[0], headers });
}

export function zodFieldErrors(error: ZodError, prefix: string): FieldError[] {
  return error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].filter(Boolean).join("."), message: i.message }));
}

export type ProblemParts = { status: number; code: string; detail: string; extra: { errors?: FieldError[]; headers?: Record<string, string>; [k: string]: unknown } };

/** What a thrown error answers as, when it is one we expect (null: an unexpected 500). */
export function problemOf(err: unknown): ProblemParts | null {
  if (err instanceof HttpError) return { status: err.status, code: err.code, detail: err.message, extra: err.extra };
  if (err instanceof ServiceError) {
    const headers: Record<string, string> = {};
    if (typeof err.details?.retryAfter === "number") headers["Retry-After"] = String(err.details.retryAfter);
    if (err.code === "unavailable") headers["Retry-After"] ??= "5";
    return { status: STATUS_BY_CODE[err.code], code: err.code, detail: err.message, extra: { ...(err.details ?? {}), headers } };
  }
  if (err instanceof ZodError) return { status: 400, code: "invalid_request", detail: "The request is not valid", extra: { errors: zodFieldErrors(err, "") } };
  if (isDatabaseOutage(err)) return { status: 503, code: "unavailable", detail: "The database is unavailable, try again shortly", extra: { headers: { "Retry-After": "5" } } };
  return null;
}

/** Maps whatever a handler threw to a problem response; unknown errors are logged with the request id and answered as a bare 500. */
export function errorToResponse(err: unknown, requestId: string): Response {
  const problem = problemOf(err);
  if (problem) return problemResponse(problem.status, problem.code, problem.detail, requestId, problem.extra);
  log("http").error({ requestId, err: errorField(err) }, "unhandled error");
  return problemResponse(500, "internal", "Something went wrong on our side. Quote the request id when reporting it.", requestId);
}
