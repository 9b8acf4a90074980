import { methodsNotAllowed } from "@/lib/http/methods";
import { route } from "@/lib/http/pipeline";
import { READ_ERRORS, WRITE_ERRORS } from "@/lib/openapi/operation";
import { idParams } from "@/lib/http/v1-inputs";
import { alertRuleDtoSchema, deleteAlertRule, getAlertRule, updateAlertRule } from "@/lib/alerts/rules";
import { alertRulePatchSchema } from "@/lib/alerts/schemas";
import { deletedSchema } from "@/lib/openapi/schemas";

const path = "/api/v1/alert-rules/[id]";
const paramDocs = { id: "The rule's id" };

export const GET = route(
  { route: path, scope: "alerts:read", params: idParams, doc: { operationId: "getAlertRule", tag: "Alerts", summary: "Get an alert rule", paramDocs, success: { status: 200, description: "The rule", response: alertRuleDtoSchema, etag: true }, errors: READ_ERRORS } },
  async (ctx) => ({ body: await getAlertRule(ctx.access, ctx.params.id) }),
);

export const PATCH = route(
  {
    route: path,
    scope: "alerts:write",
    params: idParams,
    body: alertRulePatchSchema,
    doc: { operationId: "updateAlertRule", tag: "Alerts", summary: "Change an alert rule", description: "Any of its fields but the kind; `params` is checked against the rule's kind.", paramDocs, success: { status: 200, description: "The rule", response: alertRuleDtoSchema }, errors: WRITE_ERRORS },
  },
  async (ctx) => ({ body: await updateAlertRule(ctx.access, ctx.params.id, ctx.body) }),
);

export const DELETE = route(
  { route: path, scope: "alerts:write", params: idParams, doc: { operationId: "deleteAlertRule", tag: "Alerts", summary: "Delete an alert rule", description: "Its incidents stay, without a rule.", paramDocs, success: { status: 200, description: "What was deleted", response: deletedSchema }, errors: WRITE_ERRORS } },
  async (ctx) => ({ body: await deleteAlertRule(ctx.access, ctx.params.id) }),
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { POST, PUT, OPTIONS } = methodsNotAllowed(path, { GET, PATCH, DELETE });
