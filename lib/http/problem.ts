import { ZodError } from "zod";
import { ServiceError } from "../errors";

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
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

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

export function problemResponse(
  status: number,
  code: string,
  detail: string,
  requestId: string,
  extra: { errors?: FieldError[]; headers?: Record<string, string>; [k: string]: unknown } = {},
): Response {
  const { headers, ...fields } = extra;
  const body: Problem = { type: `urn:opsdeck:problem:${code}`, title: TITLES[status] ?? "Error", status, detail, requestId, ...fields };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store", "X-Request-Id": requestId, ...headers },
  });
}

export function zodFieldErrors(error: ZodError, prefix: string): FieldError[] {
  return error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].filter(Boolean).join("."), message: i.message }));
}

/** Maps whatever a handler threw to a problem response; unknown errors are logged with the request id and answered as a bare 500. */
export function errorToResponse(err: unknown, requestId: string): Response {
  if (err instanceof HttpError) return problemResponse(err.status, err.code, err.message, requestId, err.extra);
  if (err instanceof ServiceError) {
    const headers: Record<string, string> = {};
    if (err.status === 429 && typeof err.details?.retryAfter === "number") headers["Retry-After"] = String(err.details.retryAfter);
    return problemResponse(err.status, err.code, err.message, requestId, { ...(err.details ?? {}), headers });
  }
  if (err instanceof ZodError) return problemResponse(400, "invalid_request", "The request is not valid", requestId, { errors: zodFieldErrors(err, "") });
  if (isUnavailable(err)) return problemResponse(503, "unavailable", "The database is unavailable, try again shortly", requestId, { headers: { "Retry-After": "5" } });
  console.error(`[http] unhandled error (request ${requestId}):`, err instanceof Error ? err.message : err);
  return problemResponse(500, "internal", "Something went wrong on our side. Quote the request id when reporting it.", requestId);
}

/** Connection failures and timeouts from pg: a dependency outage, answered as 503 not 500. */
function isUnavailable(err: unknown): boolean {
  const e = (err as { cause?: unknown })?.cause ?? err;
  const code = (e as { code?: string })?.code;
  const message = e instanceof Error ? e.message : "";
  return (
    ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "57P01", "57P03", "53300"].includes(code ?? "") ||
    /timeout exceeded when trying to connect|Connection terminated/i.test(message)
  );
}
