// One family of domain errors. Domain functions throw these with a code; the HTTP pipeline
// (lib/http/problem.ts) and the server-action wrapper (lib/actions/define.ts) map the code
// to an answer once. Nothing here knows about HTTP.

export type ErrorCode =
  | "forbidden"
  | "insufficient_scope"
  | "not_found"
  | "conflict"
  | "invalid"
  | "invalid_cursor"
  | "invalid_field"
  | "limit_exceeded"
  | "rate_limited"
  | "unavailable";

export class ServiceError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Signed in (or a valid key), but the role or scope does not allow this. Denials are audited by the thrower. */
export class ForbiddenError extends ServiceError {
  constructor(message = "You do not have permission to do this", code: "forbidden" | "insufficient_scope" = "forbidden") {
    super(message, code);
  }
}

/** The thing does not exist, or the caller may not know that it exists. */
export class NotFoundError extends ServiceError {
  constructor(what: string) {
    super(`${what} not found`, "not_found");
  }
}

/** The request is valid but conflicts with the current state (e.g. an illegal status move). */
export class ConflictError extends ServiceError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, "conflict", details);
  }
}

/** Input that passed the schema but breaks a business rule. */
export class ValidationError extends ServiceError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, "invalid", details);
  }
}

/**
 * One input field is wrong in a way only the domain can tell (a channel id that does not
 * exist, a window longer than the data is kept): answered like a schema error, naming it.
 */
export class InvalidFieldError extends ServiceError {
  constructor(path: string, message: string) {
    super(`${path}: ${message}`, "invalid_field", { errors: [{ path, message }] });
  }
}

/** A limit of this instance (ALERTS_MAX_RULES, ALERTS_MAX_CHANNELS) is reached. */
export class LimitExceededError extends ServiceError {
  constructor(message: string) {
    super(message, "limit_exceeded");
  }
}

/** A list cursor that this server did not issue (forged, truncated, from another list). */
export class InvalidCursorError extends ServiceError {
  constructor() {
    super("The cursor is not valid: use the nextCursor of a previous page", "invalid_cursor", {
      errors: [{ path: "query.cursor", message: "not a cursor issued by this API" }],
    });
  }
}

/** Too many attempts; retryAfter is in seconds. */
export class RateLimitedError extends ServiceError {
  constructor(
    readonly retryAfter: number,
    message = "Too many attempts, try again later",
  ) {
    super(message, "rate_limited", { retryAfter });
  }
}

/** A dependency (database, Redis) is down or too slow; a bounded answer instead of a hang. */
export class UnavailableError extends ServiceError {
  constructor(message = "A dependency is unavailable, try again shortly") {
    super(message, "unavailable");
  }
}
