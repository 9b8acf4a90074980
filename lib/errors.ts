// One family of domain errors. Domain functions throw these; the HTTP pipeline and the
// server-action wrapper map them to responses once.

export class ServiceError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** No session, or a session that is no longer valid (signed out, user disabled). */
export class UnauthenticatedError extends ServiceError {
  constructor(message = "Sign-in required") {
    super(message, 401, "unauthenticated");
  }
}

/** Signed in, but the role or scope does not allow this. Denials are audited by the thrower. */
export class ForbiddenError extends ServiceError {
  constructor(message = "You do not have permission to do this") {
    super(message, 403, "forbidden");
  }
}

/** The thing does not exist, or the caller may not know that it exists. */
export class NotFoundError extends ServiceError {
  constructor(what: string) {
    super(`${what} not found`, 404, "not_found");
  }
}

/** The request is valid but conflicts with the current state (e.g. an illegal status move). */
export class ConflictError extends ServiceError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, 409, "conflict", details);
  }
}

/** Input that passed the schema but breaks a business rule. */
export class ValidationError extends ServiceError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, 422, "invalid", details);
  }
}

/** Too many attempts; retryAfter is in seconds. */
export class RateLimitedError extends ServiceError {
  constructor(readonly retryAfter: number, message = "Too many attempts, try again later") {
    super(message, 429, "rate_limited", { retryAfter });
  }
}

/** A dependency (database, Redis) is down or too slow; a bounded answer instead of a hang. */
export class UnavailableError extends ServiceError {
  constructor(message = "A dependency is unavailable, try again shortly") {
    super(message, 503, "unavailable");
  }
}
