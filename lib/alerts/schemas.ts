import { z } from "zod";

// What an alert rule is, once: the form, the API and the OpenAPI document validate with
// these. Each kind has its own params; limits keep a rule inside what the data can answer
// (a window no longer than the metrics retention, thresholds in range).

export const SEVERITIES = ["critical", "warning", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ALERT_KINDS = ["monitor_down", "run_failed", "run_failure_rate", "run_stuck", "run_missing", "route_latency", "route_errors", "slow_query"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** What each kind watches, for the form and the docs. */
export const KIND_LABELS: Record<AlertKind, string> = {
  monitor_down: "A monitor is down (or degraded)",
  run_failed: "A run ends failed",
  run_failure_rate: "Run failure rate over a window",
  run_stuck: "Runs stuck queued or running",
  run_missing: "A scheduled run did not check in",
  route_latency: "Route latency (p95/p99) over a window",
  route_errors: "Route 5xx share over a window",
  slow_query: "A slow query fingerprint",
};

const seconds = (max: number, what: string) => z.number({ error: `${what} must be a number of seconds` }).int(`${what} must be whole seconds`).min(0, `${what} cannot be negative`).max(max, `${what} is at most ${max} seconds`);
const windowSeconds = seconds(30 * 86_400, "The window").min(60, "The window is at least 60 seconds");
const namePattern = z
  .string()
  .max(200)
  .refine((p) => {
    try {
      new RegExp(p);
      return true;
    } catch {
      return false;
    }
  }, "must be a valid regular expression")
  .optional();
const cron = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^\S+( \S+){4,5}$/, "must be a cron expression of 5 or 6 fields (e.g. */5 * * * *)");

export const paramsByKind = {
  // includeDegraded: also fire while a monitor is degraded (slow, or a certificate close to expiry).
  monitor_down: z.strictObject({ includeDegraded: z.boolean().optional() }),
  run_failed: z.strictObject({ runKind: z.string().trim().min(1).max(40).optional(), namePattern }),
  run_failure_rate: z.strictObject({
    windowSeconds,
    threshold: z.number().min(0.01, "The threshold is at least 1 %").max(1, "The threshold is at most 100 %"),
    minRuns: z.number().int().min(1).max(100_000).default(5),
    runKind: z.string().trim().min(1).max(40).optional(),
  }),
  run_stuck: z
    .strictObject({ queuedSeconds: seconds(30 * 86_400, "Queued time").min(60).optional(), runningSeconds: seconds(30 * 86_400, "Running time").min(60).optional() })
    .refine((p) => p.queuedSeconds !== undefined || p.runningSeconds !== undefined, "set a queued or a running limit, or both"),
  run_missing: z
    .strictObject({
      runKind: z.string().trim().min(1).max(40),
      intervalSeconds: seconds(30 * 86_400, "The interval").min(60).optional(),
      cron: cron.optional(),
      graceSeconds: seconds(86_400, "The grace").default(60),
    })
    .refine((p) => (p.intervalSeconds === undefined) !== (p.cron === undefined), "set either an interval or a cron schedule"),
  route_latency: z.strictObject({
    route: z.string().trim().min(1).max(300).optional(),
    quantile: z.enum(["p95", "p99"]).default("p95"),
    thresholdMs: z.number().int().min(1).max(600_000),
    windowSeconds,
    minRequests: z.number().int().min(1).max(1_000_000).default(20),
  }),
  route_errors: z.strictObject({
    route: z.string().trim().min(1).max(300).optional(),
    thresholdPercent: z.number().min(0.1, "The threshold is at least 0.1 %").max(100, "The threshold is at most 100 %"),
    windowSeconds,
    minRequests: z.number().int().min(1).max(1_000_000).default(20),
  }),
  slow_query: z
    .strictObject({
      fingerprint: z.string().trim().min(1).max(64).optional(),
      statistic: z.enum(["mean", "p95", "new"]).default("p95"),
      thresholdMs: z.number().int().min(1).max(3_600_000).optional(),
      windowSeconds,
    })
    .refine((p) => p.statistic === "new" || p.thresholdMs !== undefined, "set a threshold for mean or p95"),
} satisfies Record<AlertKind, z.ZodType>;

const labelKey = z.string().regex(/^[a-z_][a-z0-9_]{0,39}$/, "label names are lower-case letters, digits and _");
export const labelsSchema = z.record(labelKey, z.string().max(200)).refine((l) => Object.keys(l).length <= 20, "at most 20 labels");

const ruleBase = {
  name: z.string().trim().min(1, "Give the rule a name").max(120, "A name is at most 120 characters"),
  severity: z.enum(SEVERITIES).default("warning"),
  labels: labelsSchema.default({}),
  project: z.string().trim().min(1).max(64).optional().describe("The project's slug: runs and deploy mutes of this project"),
  monitorId: z.uuid({ message: "must be a monitor id" }).optional(),
  forSeconds: seconds(7 * 86_400, "For").default(0).describe("How long the condition must hold before the alert fires"),
  repeatIntervalSeconds: seconds(7 * 86_400, "Repeat every").min(60, "Repeat every is at least 60 seconds").default(3600),
  channelIds: z.array(z.uuid({ message: "must be a channel id" })).max(20).default([]),
  muteDuringDeploysOf: z.string().trim().min(1).max(64).optional().describe("A project slug: muted while a deploy run of it is running"),
  enabled: z.boolean().default(true),
};

/** Checks `params` against the kind's schema, reporting problems under `params.…`. */
export function parseParams(kind: AlertKind, params: unknown, ctx: z.RefinementCtx): Record<string, unknown> {
  const parsed = paramsByKind[kind].safeParse(params ?? {});
  if (parsed.success) return parsed.data as Record<string, unknown>;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: ["params", ...issue.path.map(String)] });
  return z.NEVER;
}

/** The same check outside a schema (a PATCH of params): throws a ZodError naming `body.params.…`. */
export function paramsOrThrow(kind: AlertKind, params: unknown): Record<string, unknown> {
  const parsed = paramsByKind[kind].safeParse(params ?? {});
  if (parsed.success) return parsed.data as Record<string, unknown>;
  throw new z.ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: ["body", "params", ...issue.path] })));
}

/** A rule as created: `kind` picks the params schema (see paramsByKind). */
export const alertRuleCreateSchema = z
  .strictObject({ ...ruleBase, kind: z.enum(ALERT_KINDS), params: z.record(z.string(), z.unknown()).default({}).describe("The kind's settings: windows, thresholds, schedules") })
  .transform((rule, ctx) => ({ ...rule, params: parseParams(rule.kind, rule.params, ctx) }));
export type AlertRuleCreate = z.output<typeof alertRuleCreateSchema>;

/** A change to a rule: any of its fields; params are checked against the rule's kind. */
export const alertRulePatchSchema = z
  .strictObject({
    name: ruleBase.name.optional(),
    severity: z.enum(SEVERITIES).optional(),
    labels: labelsSchema.optional(),
    forSeconds: seconds(7 * 86_400, "For").optional(),
    repeatIntervalSeconds: seconds(7 * 86_400, "Repeat every").min(60).optional(),
    channelIds: z.array(z.uuid({ message: "must be a channel id" })).max(20).optional(),
    muteDuringDeploysOf: z.string().trim().min(1).max(64).nullable().optional(),
    enabled: z.boolean().optional(),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "send at least one field to change");

export const matcherSchema = z.strictObject({
  label: labelKey,
  op: z.enum(["=", "!=", "=~", "!~"]).default("="),
  value: z.string().max(200),
});

export const silenceCreateSchema = z
  .strictObject({
    kind: z.enum(["silence", "maintenance"]).default("silence"),
    name: z.string().trim().max(120).default(""),
    matchers: z.array(matcherSchema).min(1, "add at least one matcher").max(20),
    startsAt: z.iso.datetime({ offset: true }).optional().describe("Default: now"),
    endsAt: z.iso.datetime({ offset: true }).optional(),
    cron: cron.optional().describe("Recurring maintenance: when each window starts"),
    durationSeconds: seconds(7 * 86_400, "The duration").min(60).optional(),
    timezone: z.string().max(64).default("UTC"),
    comment: z.string().trim().max(500).default(""),
  })
  .refine((s) => (s.cron ? s.durationSeconds !== undefined : s.endsAt !== undefined), "a silence needs an end; a recurring window needs a duration")
  .refine((s) => !s.endsAt || !s.startsAt || new Date(s.endsAt) > new Date(s.startsAt), "the end must be after the start")
  .refine((s) => s.matchers.every((m) => (m.op === "=~" || m.op === "!~" ? isRegex(m.value) : true)), "a =~ or !~ matcher needs a valid regular expression");

function isRegex(v: string): boolean {
  try {
    new RegExp(v);
    return true;
  } catch {
    return false;
  }
}

export const incidentNoteSchema = z.strictObject({ note: z.string().trim().min(1, "Write a note.").max(2000, "A note is at most 2,000 characters.") });
export const incidentSnoozeSchema = z.strictObject({ minutes: z.number().int().min(5).max(7 * 24 * 60) });

export const incidentStatuses = ["open", "acknowledged", "resolved"] as const;
