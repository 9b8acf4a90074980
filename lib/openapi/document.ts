import { z } from "zod";
import { SCOPES, type Scope } from "../auth/scopes";
import { runStatusEnum } from "../db/schema";
import { LIMIT_DEFAULT, LIMIT_MAX } from "../db/keyset";
import { auditListQuery } from "../http/audit-inputs";
import { logReadQuery, projectListQuery, runIdParams, runListQuery, slugParams } from "../http/v1-inputs";
import { auditEventSchema, auditPageSchema } from "../audit/dto";
import { projectPageSchema, projectSchema } from "../projects/dto";
import { projectCreateSchema, projectUpdateSchema } from "../projects/schemas";
import * as runDto from "../runs/dto";
import { logAppendSchema, RUN_FIELDS, runBatchSchema, runCreateSchema, runPatchSchema } from "../runs/schemas";
import { fieldErrorSchema, problemSchema } from "./schemas";

// The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the handlers validate
// with (requests, io: "input") and the response schemas in ./schemas (io: "output").
// tests/openapi.test.ts checks every route file is here and lints the result.

type Json = Record<string, unknown>;
type Method = "get" | "post" | "patch";
type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429;

type Operation = {
  method: Method;
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: "Projects" | "Runs" | "Logs" | "Audit" | "Meta";
  /** null: public, no Authorization. */
  scope: Scope | null;
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: Json[];
  /** Descriptions of this operation's parameters, where the shared ones do not fit. */
  paramDocs?: Record<string, string>;
  /** A component id in the request registry. */
  body?: string;
  success: { status: 200 | 201; description: string; schema: string; location?: boolean; etag?: boolean; alternatives?: Record<string, Json> };
  errors: ErrorStatus[];
};

const requests = z.registry<{ id: string }>();
requests.add(projectCreateSchema, { id: "ProjectCreate" });
requests.add(projectUpdateSchema, { id: "ProjectUpdate" });
requests.add(runCreateSchema, { id: "RunCreate" });
requests.add(runBatchSchema, { id: "RunBatch" });
requests.add(runPatchSchema, { id: "RunPatch" });
requests.add(logAppendSchema, { id: "LogAppend" });

const responses = z.registry<{ id: string }>();
responses.add(projectSchema, { id: "Project" });
responses.add(projectPageSchema, { id: "ProjectPage" });
responses.add(runDto.runSchema, { id: "Run" });
responses.add(runDto.runDetailSchema, { id: "RunDetail" });
responses.add(runDto.runListItemSchema, { id: "RunListItem" });
responses.add(runDto.runPageSchema, { id: "RunPage" });
responses.add(runDto.runBatchResultSchema, { id: "RunBatchResult" });
responses.add(runDto.logLineSchema, { id: "LogLine" });
responses.add(runDto.logPageSchema, { id: "LogPage" });
responses.add(runDto.logAppendResultSchema, { id: "LogAppendResult" });
responses.add(auditEventSchema, { id: "AuditEvent" });
responses.add(auditPageSchema, { id: "AuditPage" });
responses.add(fieldErrorSchema, { id: "FieldError" });
responses.add(problemSchema, { id: "Problem" });

const READ_ERRORS: ErrorStatus[] = [400, 401, 403, 404, 429];
const WRITE_ERRORS: ErrorStatus[] = [400, 401, 403, 404, 409, 413, 415, 422, 429];

const idempotencyKey: Json = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description:
    "A unique key per logical request (a UUID, say). A retry with the same key and body replays the first answer, marked `Idempotent-Replayed: true`, instead of creating a second run; the same key with a different body is a 422, and a 409 while the first request is still in flight.",
  schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x20-\\x7E]+$" },
};

export const OPERATIONS: Operation[] = [
  {
    method: "get", path: "/projects", operationId: "listProjects", tag: "Projects", scope: "projects:read",
    summary: "List projects", description: "Newest first. A key bound to a project sees only that project.",
    query: projectListQuery, paramDocs: { q: "Part of the name or slug" }, success: { status: 200, description: "A page of projects", schema: "ProjectPage", etag: true }, errors: [400, 401, 403, 429],
  },
  {
    method: "post", path: "/projects", operationId: "createProject", tag: "Projects", scope: "projects:write",
    summary: "Create a project", description: "Keys bound to a project cannot create projects (403). A taken slug is a 409.",
    body: "ProjectCreate", success: { status: 201, description: "The created project", schema: "Project", location: true }, errors: [400, 401, 403, 409, 413, 415, 422, 429],
  },
  {
    method: "get", path: "/projects/{slug}", operationId: "getProject", tag: "Projects", scope: "projects:read",
    summary: "Get a project", params: slugParams, success: { status: 200, description: "The project", schema: "Project", etag: true }, errors: READ_ERRORS,
  },
  {
    method: "patch", path: "/projects/{slug}", operationId: "updateProject", tag: "Projects", scope: "projects:write",
    summary: "Update or archive a project", description: "Rename, describe, archive (`archived: true`) or unarchive.",
    params: slugParams, body: "ProjectUpdate", success: { status: 200, description: "The updated project", schema: "Project" }, errors: WRITE_ERRORS,
  },
  {
    method: "get", path: "/projects/{slug}/runs", operationId: "listRuns", tag: "Runs", scope: "runs:read",
    summary: "List a project's runs", description: "Newest first, by cursor. Filter by status, creation time and name or external id; `fields=` trims each item.",
    params: slugParams, query: runListQuery, paramDocs: { status: `Comma-separated list of ${runStatusEnum.enumValues.join(", ")}` }, success: { status: 200, description: "A page of runs", schema: "RunPage", etag: true }, errors: READ_ERRORS,
  },
  {
    method: "post", path: "/projects/{slug}/runs", operationId: "createRun", tag: "Runs", scope: "runs:write",
    summary: "Report a run", description: "A run starts `queued`, or `running` when the integration first sees it running. Archived projects refuse new runs (409).",
    params: slugParams, headers: [idempotencyKey], body: "RunCreate", success: { status: 201, description: "The created run", schema: "Run", location: true }, errors: WRITE_ERRORS,
  },
  {
    method: "post", path: "/projects/{slug}/runs/batch", operationId: "createRunsBatch", tag: "Runs", scope: "runs:write",
    summary: "Report up to 1000 runs at once", description: "All or nothing, in one statement; audited as one event. Body limit 2 MiB.",
    params: slugParams, body: "RunBatch", success: { status: 201, description: "The created runs, in request order", schema: "RunBatchResult", location: true }, errors: WRITE_ERRORS,
  },
  {
    method: "get", path: "/runs/{id}", operationId: "getRun", tag: "Runs", scope: "runs:read",
    summary: "Get a run", params: runIdParams, success: { status: 200, description: "The run", schema: "RunDetail", etag: true }, errors: READ_ERRORS,
  },
  {
    method: "patch", path: "/runs/{id}", operationId: "updateRun", tag: "Runs", scope: "runs:write",
    summary: "Move a run's status, rename it or replace its metadata",
    description:
      "Status moves follow `queued → running → succeeded | failed | cancelled` and `queued → cancelled`; any other move is a 409 whose `allowed` lists the moves from the current status. Moving to running sets startedAt; to a final status sets finishedAt.",
    params: runIdParams, body: "RunPatch", success: { status: 200, description: "The updated run", schema: "Run" }, errors: WRITE_ERRORS,
  },
  {
    method: "get", path: "/runs/{id}/logs", operationId: "readRunLogs", tag: "Logs", scope: "runs:read",
    summary: "Read a run's log lines", description: "In seq order, after `after`. Follow a live run by passing the last seq you saw.",
    params: runIdParams, query: logReadQuery, success: { status: 200, description: "A page of log lines", schema: "LogPage", etag: true }, errors: READ_ERRORS,
  },
  {
    method: "post", path: "/runs/{id}/logs", operationId: "appendRunLogs", tag: "Logs", scope: "runs:write",
    summary: "Append log lines", description: "Up to 1000 lines; the server assigns gap-free seq numbers, also across concurrent appenders. Runs finished over an hour ago refuse new lines (409).",
    params: runIdParams, body: "LogAppend", success: { status: 201, description: "The seq range assigned to the lines", schema: "LogAppendResult", location: true }, errors: WRITE_ERRORS,
  },
  {
    method: "get", path: "/audit", operationId: "listAuditEvents", tag: "Audit", scope: "audit:read",
    summary: "Read or export the audit trail",
    description:
      "Newest first. With `format=json` (default) one page by cursor; with `format=ndjson` or `format=csv` every matching event, streamed (from `cursor` on, if given). CSV follows RFC 4180; cells starting with = + - @, tab or CR are prefixed with an apostrophe so spreadsheets do not evaluate them. A key bound to a project reads only that project's events.",
    query: auditListQuery,
    paramDocs: { since: "Events at or after this time", until: "Events before this time", q: "Part of the actor's or target's label" },
    success: {
      status: 200, description: "A page of events, or the export stream", schema: "AuditPage", etag: true,
      alternatives: {
        "application/x-ndjson": { schema: { type: "string", description: "One AuditEvent JSON object per line" } },
        "text/csv": { schema: { type: "string", description: "A header line, then one event per line" } },
      },
    },
    errors: READ_ERRORS,
  },
  {
    method: "get", path: "/openapi.json", operationId: "getOpenApiDocument", tag: "Meta", scope: null,
    summary: "This document", success: { status: 200, description: "The OpenAPI 3.1 document", schema: "OpenApiDocument", etag: true }, errors: [],
  },
];

const PARAM_DOCS: Record<string, string> = {
  slug: "The project's slug",
  id: "The run's id",
  limit: `Page size, default ${LIMIT_DEFAULT}; values outside 1…${LIMIT_MAX} are clamped`,
  cursor: "The nextCursor of the previous page",
  status: "Which projects: active (default), archived or all",
  since: "Runs created at or after this time",
  until: "Runs created before this time",
  q: "Part of the run's name, or its exact external id",
  fields: `Comma-separated subset of ${RUN_FIELDS.join(", ")}; id is always included`,
  after: "Return lines with a greater seq",
};

const ERRORS: Record<ErrorStatus, { name: string; description: string; headers?: string[] }> = {
  400: { name: "BadRequest", description: "Invalid path, query or body (errors[] names each field), a forged cursor, malformed JSON, or an API key in the query string" },
  401: { name: "Unauthorized", description: "No, malformed, unknown, revoked or expired API key", headers: ["WWW-Authenticate"] },
  403: { name: "Forbidden", description: "The key lacks the scope this operation needs" },
  404: { name: "NotFound", description: "No such resource, or the key is bound to another project" },
  409: { name: "Conflict", description: "The request conflicts with the current state: an illegal status move (see allowed), a taken slug, an archived project" },
  413: { name: "ContentTooLarge", description: "The body exceeds the limit (1 MiB; 2 MiB for batches)" },
  415: { name: "UnsupportedMediaType", description: "The body is not sent as application/json" },
  422: { name: "UnprocessableContent", description: "The body is well-formed but breaks a business rule" },
  429: { name: "TooManyRequests", description: "Rate limit exceeded for this key; retry after Retry-After seconds", headers: ["Retry-After"] },
};

const ref = (kind: "schemas" | "responses" | "headers", id: string) => ({ $ref: `#/components/${kind}/${id}` });

/** zod's JSON Schema, without the keys a schema embedded in OpenAPI must not repeat. */
function clean(schema: Json): Json {
  const { $schema, $id, ...rest } = schema;
  void $schema;
  void $id;
  return rest;
}

function componentSchemas(registry: z.core.$ZodRegistry<{ id: string }>, io: "input" | "output"): Record<string, Json> {
  const { schemas } = z.toJSONSchema(registry, { target: "draft-2020-12", io, uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, clean(s as Json)]));
}

// Query strings are strings to zod; `limit` is clamped rather than validated, so say what it means.
const PARAM_SCHEMAS: Record<string, Json> = { limit: { type: "integer", default: LIMIT_DEFAULT } };

function parameters(schema: z.ZodObject | undefined, where: "path" | "query", docs: Record<string, string> = {}): Json[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input" }) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, prop]) => {
    const { description, ...rest } = prop;
    return {
      name,
      in: where,
      required: where === "path" || (json.required ?? []).includes(name),
      description: docs[name] ?? (description as string | undefined) ?? PARAM_DOCS[name] ?? name,
      schema: PARAM_SCHEMAS[name] ?? rest,
    };
  });
}

function operationObject(op: Operation): Json {
  const successHeaders: Record<string, unknown> = { "X-Request-Id": ref("headers", "X-Request-Id") };
  if (op.success.location) successHeaders.Location = ref("headers", "Location");
  if (op.success.etag) successHeaders.ETag = ref("headers", "ETag");
  const success: Json = { description: op.success.description, headers: successHeaders, content: { "application/json": { schema: ref("schemas", op.success.schema) }, ...op.success.alternatives } };
  const scopeNote = op.scope ? `Requires the \`${op.scope}\` scope.` : "Public: no API key needed.";
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: [op.description, scopeNote].filter(Boolean).join("\n\n"),
    tags: [op.tag],
    security: op.scope ? [{ apiKey: [op.scope] }] : [],
    ...(op.scope ? { "x-required-scope": op.scope } : {}),
    parameters: [...parameters(op.params, "path", op.paramDocs), ...parameters(op.query, "query", op.paramDocs), ...(op.headers ?? [])],
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: ref("schemas", op.body) } } } } : {}),
    responses: {
      [op.success.status]: success,
      ...(op.success.etag ? { 304: { description: "Not modified: the If-None-Match ETag still matches", headers: { ETag: ref("headers", "ETag") } } } : {}),
      ...Object.fromEntries(op.errors.map((s) => [s, ref("responses", ERRORS[s].name)])),
    },
  };
}

export function buildOpenApiDocument(): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operationObject(op);
  const headerSchema = (description: string, schema: Json = { type: "string" }) => ({ description, schema });
  return {
    openapi: "3.1.0",
    info: {
      title: "Opsdeck API",
      version: "1.0.0",
      summary: "Report runs of work into projects; read them back.",
      description:
        "Integrations (CI, schedulers, agent runners, deploy tools) report runs into projects. Authenticate with `Authorization: Bearer <api key>`; keys are never accepted in the query string. Errors are `application/problem+json`. Lists take `?limit=` and `?cursor=` and answer `{data, nextCursor}`.",
      license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
    },
    servers: [{ url: "/api/v1" }],
    security: [{ apiKey: [] }],
    tags: [
      { name: "Projects", description: "Projects that runs are reported into" },
      { name: "Runs", description: "Runs of work and their status" },
      { name: "Logs", description: "A run's log lines" },
      { name: "Audit", description: "The tamper-evident record of every change" },
      { name: "Meta", description: "About the API itself" },
    ],
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "opk_<43 base62 characters>",
          description: `An API key. Scopes: ${SCOPES.join(", ")}. A key bound to a project sees nothing else (404).`,
        },
      },
      schemas: {
        ...componentSchemas(requests, "input"),
        ...componentSchemas(responses, "output"),
        OpenApiDocument: {
          type: "object",
          description: "An OpenAPI 3.1 document",
          required: ["openapi", "info", "paths"],
          properties: { openapi: { type: "string" }, info: { type: "object" }, paths: { type: "object" } },
        },
      },
      headers: {
        "X-Request-Id": headerSchema("The request's id; quote it when reporting a problem"),
        Location: headerSchema("Where the created resource lives"),
        ETag: headerSchema("Send back as If-None-Match to get a 304 when nothing changed"),
        "WWW-Authenticate": headerSchema("Bearer challenge"),
        "Retry-After": headerSchema("Seconds to wait", { type: "integer" }),
      },
      responses: Object.fromEntries(
        Object.values(ERRORS).map((e) => [
          e.name,
          {
            description: e.description,
            headers: Object.fromEntries(["X-Request-Id", ...(e.headers ?? [])].map((h) => [h, ref("headers", h)])),
            content: { "application/problem+json": { schema: ref("schemas", "Problem") } },
          },
        ]),
      ),
    },
  };
}
