import "server-only";
import { and, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../auth/authorize";
import { actorOf, projectBinding, type AccessContext } from "../auth/principal";
import { recordAudit } from "../audit/record";
import { getConfig } from "../config";
import { getDb, type Tx } from "../db/client";
import { exactTimestamp, pageSchema, timeIdKeyset, type Page, type PageRequest } from "../db/keyset";
import { alertRules, alertStates, channels, monitors, projects, type AlertRule } from "../db/schema";
import { ConflictError, InvalidFieldError, LimitExceededError, NotFoundError } from "../errors";
import { alertRuleCreateSchema, alertRulePatchSchema, ALERT_KINDS, paramsOrThrow, SEVERITIES, type AlertKind, type AlertRuleCreate } from "./schemas";

// Alert rules: operators and admins create and change them (alerts:write), every signed-in
// role reads them (alerts:read). A key bound to a project sees and writes only that
// project's rules. Every change is audited with its rule in the same transaction.

export const alertRuleDtoSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(ALERT_KINDS),
  params: z.record(z.string(), z.unknown()),
  severity: z.enum(SEVERITIES),
  labels: z.record(z.string(), z.string()),
  project: z.string().nullable().describe("The project's slug"),
  monitorId: z.uuid().nullable(),
  forSeconds: z.number().int(),
  repeatIntervalSeconds: z.number().int(),
  channelIds: z.array(z.uuid()),
  muteDuringDeploysOf: z.string().nullable().describe("A project slug"),
  enabled: z.boolean(),
  firing: z.number().int().describe("Groups of this rule firing now"),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type AlertRuleDto = z.output<typeof alertRuleDtoSchema>;
export const alertRulePageSchema = pageSchema(alertRuleDtoSchema);

const order = timeIdKeyset(alertRules.createdAt, alertRules.id);

async function slugs(ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (!wanted.length) return new Map();
  const rows = await getDb().select({ id: projects.id, slug: projects.slug }).from(projects).where(inArray(projects.id, wanted));
  return new Map(rows.map((r) => [r.id, r.slug]));
}

async function firingCounts(ruleIds: string[]): Promise<Map<string, number>> {
  if (!ruleIds.length) return new Map();
  const rows = await getDb()
    .select({ ruleId: alertStates.ruleId, n: count() })
    .from(alertStates)
    .where(and(inArray(alertStates.ruleId, ruleIds), eq(alertStates.state, "firing")))
    .groupBy(alertStates.ruleId);
  return new Map(rows.map((r) => [r.ruleId, r.n]));
}

async function toDtos(rows: AlertRule[]): Promise<AlertRuleDto[]> {
  const [bySlug, firing] = await Promise.all([slugs(rows.flatMap((r) => [r.projectId, r.muteDuringDeploysOf])), firingCounts(rows.map((r) => r.id))]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind as AlertKind,
    params: r.params,
    severity: r.severity as AlertRuleDto["severity"],
    labels: r.labels,
    project: r.projectId ? (bySlug.get(r.projectId) ?? null) : null,
    monitorId: r.monitorId,
    forSeconds: r.forSeconds,
    repeatIntervalSeconds: r.repeatIntervalSeconds,
    channelIds: r.channelIds,
    muteDuringDeploysOf: r.muteDuringDeploysOf ? (bySlug.get(r.muteDuringDeploysOf) ?? null) : null,
    enabled: r.enabled,
    firing: firing.get(r.id) ?? 0,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

/** What a caller may see: a key bound to a project, only that project's rules. */
function visibleTo(ctx: AccessContext): SQL | undefined {
  const bound = projectBinding(ctx.principal);
  return bound ? eq(alertRules.projectId, bound) : undefined;
}

export async function listAlertRules(ctx: AccessContext, page: PageRequest): Promise<Page<AlertRuleDto>> {
  await authorize(ctx, "alerts:read", "alert_rules");
  const rows = await getDb()
    .select({ rule: alertRules, at: exactTimestamp(alertRules.createdAt) })
    .from(alertRules)
    .where(and(visibleTo(ctx), order.after(page.cursor)))
    .orderBy(...order.orderBy)
    .limit(page.limit + 1);
  const result = order.page(rows, page.limit, (r) => [r.at, r.rule.id], (r) => r.rule);
  return { data: await toDtos(result.data), nextCursor: result.nextCursor };
}

async function findRule(ctx: AccessContext, id: string, tx: Tx | ReturnType<typeof getDb> = getDb()): Promise<AlertRule> {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError("Alert rule");
  const [row] = await tx.select().from(alertRules).where(and(eq(alertRules.id, id), visibleTo(ctx)));
  if (!row) throw new NotFoundError("Alert rule");
  return row;
}

export async function getAlertRule(ctx: AccessContext, id: string): Promise<AlertRuleDto> {
  await authorize(ctx, "alerts:read", `alert_rule:${id}`);
  return (await toDtos([await findRule(ctx, id)]))[0]!;
}

/** Project slug → id, visible to the caller (404-equivalent field error otherwise). */
async function projectIdOf(ctx: AccessContext, slug: string | null | undefined, field: string): Promise<string | null> {
  if (!slug) return null;
  const [row] = await getDb().select({ id: projects.id }).from(projects).where(eq(projects.slug, slug));
  const bound = projectBinding(ctx.principal);
  if (!row || (bound && row.id !== bound)) throw new InvalidFieldError(field, `no project ${slug}`);
  return row.id;
}

/** The references a rule makes must exist and be visible: its project, monitor and channels; its windows must fit the data kept. */
async function checkReferences(ctx: AccessContext, rule: { kind: string; params: Record<string, unknown>; monitorId?: string | null; channelIds?: string[]; forSeconds?: number }): Promise<void> {
  const bound = projectBinding(ctx.principal);
  if (rule.monitorId) {
    const [m] = bound ? [] : await getDb().select({ id: monitors.id }).from(monitors).where(eq(monitors.id, rule.monitorId));
    if (!m) throw new InvalidFieldError("body.monitorId", "no such monitor");
  }
  if (rule.channelIds?.length) {
    const found = await getDb().select({ id: channels.id }).from(channels).where(inArray(channels.id, rule.channelIds));
    const missing = rule.channelIds.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) throw new InvalidFieldError("body.channelIds", `no such channel: ${missing.join(", ")}`);
  }
  const retention = getConfig().METRICS_RETENTION_DAYS * 86_400;
  const window = Number(rule.params.windowSeconds ?? 0);
  if (window > retention) throw new InvalidFieldError("body.params.windowSeconds", `is longer than the ${getConfig().METRICS_RETENTION_DAYS} days of history kept (METRICS_RETENTION_DAYS)`);
  if ((rule.forSeconds ?? 0) > retention) throw new InvalidFieldError("body.forSeconds", "is longer than the history kept");
}

export async function createAlertRule(ctx: AccessContext, input: z.input<typeof alertRuleCreateSchema>): Promise<AlertRuleDto> {
  await authorize(ctx, "alerts:write", "alert_rules:create");
  const values: AlertRuleCreate = alertRuleCreateSchema.parse(input);
  const bound = projectBinding(ctx.principal);
  if (bound && !values.project) throw new InvalidFieldError("body.project", "a key bound to a project creates rules for that project only");
  if (values.kind === "run_missing" && !values.project) throw new InvalidFieldError("body.project", "a check-in rule needs the project the runs belong to");
  const projectId = await projectIdOf(ctx, values.project, "body.project");
  const muteId = await projectIdOf(ctx, values.muteDuringDeploysOf, "body.muteDuringDeploysOf");
  await checkReferences(ctx, values);
  const limit = getConfig().ALERTS_MAX_RULES;
  const row = await getDb().transaction(async (tx) => {
    const [{ n }] = (await tx.select({ n: count() }).from(alertRules)) as [{ n: number }];
    if (n >= limit) throw new LimitExceededError(`This instance allows at most ${limit} alert rules (ALERTS_MAX_RULES)`);
    const [taken] = await tx.select({ id: alertRules.id }).from(alertRules).where(sql`lower(${alertRules.name}) = lower(${values.name})`);
    if (taken) throw new ConflictError(`An alert rule named ${values.name} exists already`);
    const [created] = await tx
      .insert(alertRules)
      .values({
        name: values.name,
        kind: values.kind,
        params: values.params,
        severity: values.severity,
        labels: values.labels,
        projectId,
        monitorId: values.monitorId ?? null,
        forSeconds: values.forSeconds,
        repeatIntervalSeconds: values.repeatIntervalSeconds,
        channelIds: values.channelIds,
        muteDuringDeploysOf: muteId,
        enabled: values.enabled,
        createdBy: ctx.principal.kind === "user" ? ctx.principal.user.id : null,
      })
      .returning();
    await recordAudit(tx, {
      action: "alert_rule.create",
      actor: actorOf(ctx.principal),
      target: { type: "alert_rule", id: created!.id, label: created!.name },
      projectId,
      changes: { name: created!.name, kind: created!.kind, params: created!.params, severity: created!.severity, forSeconds: created!.forSeconds, channelIds: created!.channelIds },
      meta: ctx.meta,
    });
    return created!;
  });
  return (await toDtos([row]))[0]!;
}

export async function updateAlertRule(ctx: AccessContext, id: string, input: z.input<typeof alertRulePatchSchema>): Promise<AlertRuleDto> {
  await authorize(ctx, "alerts:write", `alert_rule:${id}`);
  const patch = alertRulePatchSchema.parse(input);
  const before = await findRule(ctx, id);
  const params = patch.params === undefined ? before.params : paramsOrThrow(before.kind as AlertKind, patch.params);
  const muteId = patch.muteDuringDeploysOf === undefined ? before.muteDuringDeploysOf : await projectIdOf(ctx, patch.muteDuringDeploysOf, "body.muteDuringDeploysOf");
  await checkReferences(ctx, { kind: before.kind, params, channelIds: patch.channelIds, forSeconds: patch.forSeconds });
  const next = {
    name: patch.name ?? before.name,
    severity: patch.severity ?? before.severity,
    labels: patch.labels ?? before.labels,
    forSeconds: patch.forSeconds ?? before.forSeconds,
    repeatIntervalSeconds: patch.repeatIntervalSeconds ?? before.repeatIntervalSeconds,
    channelIds: patch.channelIds ?? before.channelIds,
    muteDuringDeploysOf: muteId,
    enabled: patch.enabled ?? before.enabled,
    params,
  };
  const changes = Object.fromEntries(
    Object.entries(next)
      .filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k as keyof AlertRule]))
      .map(([k, v]) => [k, { from: before[k as keyof AlertRule], to: v }]),
  );
  const row = await getDb().transaction(async (tx) => {
    if (patch.name && patch.name.toLowerCase() !== before.name.toLowerCase()) {
      const [taken] = await tx.select({ id: alertRules.id }).from(alertRules).where(sql`lower(${alertRules.name}) = lower(${patch.name})`);
      if (taken) throw new ConflictError(`An alert rule named ${patch.name} exists already`);
    }
    const [updated] = await tx.update(alertRules).set({ ...next, updatedAt: new Date() }).where(eq(alertRules.id, id)).returning();
    await recordAudit(tx, { action: "alert_rule.update", actor: actorOf(ctx.principal), target: { type: "alert_rule", id, label: updated!.name }, projectId: updated!.projectId, changes, meta: ctx.meta });
    return updated!;
  });
  return (await toDtos([row]))[0]!;
}

/** Deleting a rule keeps its incidents (their rule becomes null) and drops its state. */
export async function deleteAlertRule(ctx: AccessContext, id: string): Promise<{ id: string }> {
  await authorize(ctx, "alerts:write", `alert_rule:${id}`);
  await getDb().transaction(async (tx) => {
    const before = await findRule(ctx, id, tx);
    await tx.delete(alertRules).where(eq(alertRules.id, id));
    await recordAudit(tx, { action: "alert_rule.delete", actor: actorOf(ctx.principal), target: { type: "alert_rule", id, label: before.name }, projectId: before.projectId, changes: { kind: before.kind }, meta: ctx.meta });
  });
  return { id };
}
