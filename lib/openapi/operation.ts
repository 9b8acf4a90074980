import type { ZodType } from "zod";
import type { Scope } from "../auth/scopes";

// What a route says about itself in the OpenAPI document. It is declared in the route's own
// route() call, beside the scope and schemas the pipeline enforces, and the document is
// built from those registry entries: what is documented is what is enforced.

export type Json = Record<string, unknown>;
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429;
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type OperationDoc = {
  operationId: string;
  summary: string;
  description?: string;
  tag: "Projects" | "Runs" | "Logs" | "Audit" | "Monitors" | "Alerts" | "Incidents" | "Status pages" | "Meta";
  /** Request headers beyond Authorization, as OpenAPI parameter objects (Idempotency-Key). */
  headers?: Json[];
  /** Descriptions of this operation's parameters, where the shared ones do not fit. */
  paramDocs?: Record<string, string>;
  success: {
    status: 200 | 201;
    description: string;
    /** The body's zod schema; the document looks its component id up in its registry. */
    response: ZodType;
    location?: boolean;
    etag?: boolean;
    /** The same answer in other media types (the audit exports). */
    alternatives?: Record<string, Json>;
  };
  errors: readonly ErrorStatus[];
};

/** A route as the document reads it: a pipeline registry entry (RouteDefinition) or a public route's. */
export type OperationSource = {
  /** The route template: "/api/v1/runs/[id]". */
  route: string;
  /** null: public, no Authorization. */
  scope: Scope | null;
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  doc?: OperationDoc;
};

export type DocumentedRoute = { method: HttpMethod; definition: OperationSource & { doc: OperationDoc } };

export const READ_ERRORS = [400, 401, 403, 404, 429] as const satisfies readonly ErrorStatus[];
export const WRITE_ERRORS = [400, 401, 403, 404, 409, 413, 415, 422, 429] as const satisfies readonly ErrorStatus[];
