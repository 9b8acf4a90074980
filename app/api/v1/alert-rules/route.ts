import { methodsNotAllowed } from "@/lib/http/methods";
import { route } from "@/lib/http/pipeline";
import { created } from "@/lib/http/reply";
import { READ_ERRORS, WRITE_ERRORS } from "@/lib/openapi/operation";
import { pageQuery, splitPage } from "@/lib/http/v1-inputs";
import { alertRuleDtoSchema, alertRulePageSchema, createAlertRule, listAlertRules } from "@/lib/alerts/rules";
import { alertRuleCreateSchema, ALERT_KINDS } from "@/lib/alerts/schemas";

const path = "/api/v1/alert-rules";

export const GET = route(
  {
    route: path,
    scope: "alerts:read",
    query: pageQuery,
    doc: { operationId: "listAlertRules", tag: "Alerts", summary: "List alert rules", description: "Newest first, by cursor, with how many of each rule's groups are firing. A key bound to a project sees that project's rules.", success: { status: 200, description: "A page of rules", response: alertRulePageSchema, etag: true }, errors: READ_ERRORS },
  },
  async (ctx) => ({ body: await listAlertRules(ctx.access, splitPage(ctx.query)[1]) }),
);

export const POST = route(
  {
    route: path,
    scope: "alerts:write",
    body: alertRuleCreateSchema,
    doc: {
      operationId: "createAlertRule",
      tag: "Alerts",
      summary: "Create an alert rule",
      description: `Kinds: ${ALERT_KINDS.join(", ")}; \`params\` holds the kind's settings (windows at most the metrics retention, thresholds in range). \`forSeconds\`: how long the condition must hold before it fires; \`repeatIntervalSeconds\`: how often an unacknowledged incident notifies again. Unknown channel or monitor ids, or a project the key may not see, are a 400 naming the field; past ALERTS_MAX_RULES a 409.`,
      success: { status: 201, description: "The rule", response: alertRuleDtoSchema, location: true },
      errors: WRITE_ERRORS,
    },
  },
  async (ctx) => {
    const rule = await createAlertRule(ctx.access, ctx.body);
    return created(`/api/v1/alert-rules/${rule.id}`, rule);
  },
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(path, { GET, POST });
