import { z } from "zod";
import { SCOPES } from "../auth/scopes";
import { LIMIT_DEFAULT, LIMIT_MAX } from "../db/keyset";
import { auditEventSchema, auditPageSchema } from "../audit/dto";
import { projectPageSchema, projectSchema } from "../projects/dto";
import { projectCreateSchema, projectUpdateSchema } from "../projects/schemas";
import {
  logAppendResultSchema,
  logLineSchema,
  logPageSchema,
  runBatchResultSchema,
  runDetailSchema,
  runListItemSchema,
  runPageSchema,
  runSchema,
} from "../runs/dto";
import { logAppendSchema, RUN_FIELDS, runBatchSchema, runCreateSchema, runPatchSchema } from "../runs/schemas";
import type { DocumentedRoute, ErrorStatus, Json } from "./operation";
import { deletedSchema, fieldErrorSchema, openApiDocumentSchema, problemSchema } from "./schemas";
import { alertRuleDtoSchema, alertRulePageSchema } from "../alerts/rules";
import { alertRuleCreateSchema, alertRulePatchSchema, silenceCreateSchema } from "../alerts/schemas";
import { silenceDtoSchema, silenceListSchema } from "../alerts/silences";
import { channelCreateSchema } from "../channels/schemas";
import { channelCreatedSchema, channelDtoSchema, channelListSchema } from "../channels/store";
import { channelTestResultSchema } from "../channels/test";
import { incidentDetailSchema, incidentDtoSchema, incidentPageSchema } from "../incidents/queries";
import { monitorCreatedSchema, monitorDtoSchema, monitorPageSchema } from "../monitors/mutations";
import { heartbeatAckSchema } from "../monitors/heartbeat-schemas";
import { statusPageInputSchema, statusPagePatchSchema, statusUpdateInputSchema } from "../status-pages/schemas";
import { statusPageDtoSchema, statusPageListSchema } from "../status-pages/store";
import { statusUpdateResultSchema } from "../status-pages/updates";
import { monitorInputSchema, monitorPatchSchema } from "../monitors/schemas";

// The OpenAPI 3.1 document of /api/v1, built from the routes' registry entries: each route()
// call declares its scope, the zod schemas the pipeline validates with (requests, io: "input")
// and its doc, whose response schemas (io: "output") live beside the domains' DTO mappers.
// tests/openapi.test.ts checks every route file is documented and lints the result.

const SERVER_URL = "/api/v1";

// Component ids of the request and response schemas. A route's body and doc name the zod
// schema itself; its id is looked up here (componentId), and nested ones become $refs.
const requests = z.registry<{ id: string }>();
requests.add(projectCreateSchema, { id: "ProjectCreate" });
requests.add(projectUpdateSchema, { id: "ProjectUpdate" });
requests.add(runCreateSchema, { id: "RunCreate" });
requests.add(runBatchSchema, { id: "RunBatch" });
requests.add(runPatchSchema, { id: "RunPatch" });
requests.add(logAppendSchema, { id: "LogAppend" });
requests.add(monitorInputSchema, { id: "MonitorCreate" });
requests.add(monitorPatchSchema, { id: "MonitorPatch" });
requests.add(alertRuleCreateSchema, { id: "AlertRuleCreate" });
requests.add(alertRulePatchSchema, { id: "AlertRulePatch" });
requests.add(channelCreateSchema, { id: "ChannelCreate" });
requests.add(silenceCreateSchema, { id: "SilenceCreate" });
requests.add(statusPageInputSchema, { id: "StatusPageCreate" });
requests.add(statusPagePatchSchema, { id: "StatusPagePatch" });
requests.add(statusUpdateInputSchema, { id: "StatusUpdateCreate" });

const responses = z.registry<{ id: string }>();
responses.add(projectSchema, { id: "Project" });
responses.add(projectPageSchema, { id: "ProjectPage" });
responses.add(runSchema, { id: "Run" });
responses.add(runDetailSchema, { id: "RunDetail" });
responses.add(runListItemSchema, { id: "RunListItem" });
responses.add(runPageSchema, { id: "RunPage" });
responses.add(runBatchResultSchema, { id: "RunBatchResult" });
responses.add(logLineSchema, { id: "LogLine" });
responses.add(logPageSchema, { id: "LogPage" });
responses.add(logAppendResultSchema, { id: "LogAppendResult" });
responses.add(auditEventSchema, { id: "AuditEvent" });
responses.add(auditPageSchema, { id: "AuditPage" });
responses.add(fieldErrorSchema, { id: "FieldError" });
responses.add(problemSchema, { id: "Problem" });
responses.add(openApiDocumentSchema, { id: "OpenApiDocument" });
responses.add(deletedSchema, { id: "Deleted" });
responses.add(monitorDtoSchema, { id: "Monitor" });
responses.add(monitorPageSchema, { id: "MonitorPage" });
responses.add(monitorCreatedSchema, { id: "MonitorCreated" });
responses.add(heartbeatAckSchema, { id: "HeartbeatAck" });
responses.add(statusPageDtoSchema, { id: "StatusPage" });
responses.add(statusPageListSchema, { id: "StatusPageList" });
responses.add(statusUpdateResultSchema, { id: "StatusUpdateResult" });
responses.add(alertRuleDtoSchema, { id: "AlertRule" });
responses.add(alertRulePageSchema, { id: "AlertRulePage" });
responses.add(channelDtoSchema, { id: "Channel" });
responses.add(channelCreatedSchema, { id: "ChannelCreated" });
responses.add(channelListSchema, { id: "ChannelList" });
responses.add(channelTestResultSchema, { id: "ChannelTestResult" });
responses.add(incidentDtoSchema, { id: "Incident" });
responses.add(incidentPageSchema, { id: "IncidentPage" });
responses.add(incidentDetailSchema, { id: "IncidentDetail" });
responses.add(silenceDtoSchema, { id: "Silence" });
responses.add(silenceListSchema, { id: "SilenceList" });

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
  token: "The heartbeat's ping token",
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

function parameters(schema: z.ZodType | undefined, where: "path" | "query", docs: Record<string, string> = {}): Json[] {
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

/** A schema's component id; every schema an operation names must be registered above. */
function componentId(registry: z.core.$ZodRegistry<{ id: string }>, schema: z.ZodType, what: string): string {
  const id = registry.get(schema)?.id;
  if (!id) throw new Error(`${what}: its schema is not registered as a component in lib/openapi/document.ts`);
  return id;
}

/** "/api/v1/runs/[id]" → "/runs/{id}": the route template, relative to the server url. */
function pathOf(template: string): string {
  if (!template.startsWith(`${SERVER_URL}/`)) throw new Error(`${template} is not under ${SERVER_URL}`);
  return template.slice(SERVER_URL.length).replace(/\[(\w+)\]/g, "{$1}");
}

function operationObject({ method, definition: { route, scope, params, query, body, doc } }: DocumentedRoute): Json {
  const where = `${method} ${route}`;
  const successHeaders: Record<string, unknown> = { "X-Request-Id": ref("headers", "X-Request-Id") };
  if (doc.success.location) successHeaders.Location = ref("headers", "Location");
  if (doc.success.etag) successHeaders.ETag = ref("headers", "ETag");
  const successSchema = ref("schemas", componentId(responses, doc.success.response, `${where} success`));
  const success: Json = { description: doc.success.description, headers: successHeaders, content: { "application/json": { schema: successSchema }, ...doc.success.alternatives } };
  const scopeNote = scope ? `Requires the \`${scope}\` scope.` : "Public: no API key needed.";
  return {
    operationId: doc.operationId,
    summary: doc.summary,
    description: [doc.description, scopeNote].filter(Boolean).join("\n\n"),
    tags: [doc.tag],
    security: scope ? [{ apiKey: [scope] }] : [],
    ...(scope ? { "x-required-scope": scope } : {}),
    parameters: [...parameters(params, "path", doc.paramDocs), ...parameters(query, "query", doc.paramDocs), ...(doc.headers ?? [])],
    ...(body ? { requestBody: { required: true, content: { "application/json": { schema: ref("schemas", componentId(requests, body, `${where} body`)) } } } } : {}),
    responses: {
      [doc.success.status]: success,
      ...(doc.success.etag ? { 304: { description: "Not modified: the If-None-Match ETag still matches", headers: { ETag: ref("headers", "ETag") } } } : {}),
      ...Object.fromEntries(doc.errors.map((s) => [s, ref("responses", ERRORS[s].name)])),
    },
  };
}

/** The document of `routes`, the documented operations of the v1 route modules (see documentedRoutes). */
export function buildOpenApiDocument(routes: readonly DocumentedRoute[]): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const entry of routes) (paths[pathOf(entry.definition.route)] ??= {})[entry.method.toLowerCase()] = operationObject(entry);
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
    servers: [{ url: SERVER_URL }],
    security: [{ apiKey: [] }],
    tags: [
      { name: "Projects", description: "Projects that runs are reported into" },
      { name: "Runs", description: "Runs of work and their status" },
      { name: "Logs", description: "A run's log lines" },
      { name: "Audit", description: "The tamper-evident record of every change" },
      { name: "Monitors", description: "Services the console probes (HTTP targets)" },
      { name: "Alerts", description: "Alert rules, notification channels, silences and maintenance windows" },
      { name: "Incidents", description: "What alert rules opened, acknowledged and resolved" },
      { name: "Status pages", description: "Public status pages: components over monitors, and the incident and maintenance updates readers see" },
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
