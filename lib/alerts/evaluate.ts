import "server-only";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { recordAudit } from "../audit/record";
import { getDb, type Tx } from "../db/client";
import { alertRules, alertStates, incidentEvents, incidents, projects, type AlertRule, type AlertState, type Incident, type Labels } from "../db/schema";
import { enqueueIncidentNotifications } from "../notifications/enqueue";
import type { Actor } from "../request/meta";
import { activeMutes, muteFor, projectsDeploying, type ActiveMute } from "./mute";
import { observeAll, type EvaluatedRule, type Observation } from "./signals";

// One evaluation of every enabled rule (the alerts.evaluate job, one instance at a time):
// each (rule, group) moves ok → pending → firing → ok. The state is stored, and every move
// is decided again on the locked state row inside its own transaction, so a restart, a
// failover, or two evaluators racing (the job lock lost) neither lose nor duplicate an
// incident or a notification. Opening and resolving an incident, its timeline, its
// notifications (the outbox) and its audit event commit together.

const EVALUATOR = { type: "system", label: "alert evaluation" } as const satisfies Actor;

export type EvaluationResult = { rules: number; groups: number; fired: number; resolved: number; pending: number; repeated: number; ms: number };

type Decision = "none" | "pend" | "fire" | "repeat" | "clear" | "resolve";

const keyOf = (ruleId: string, groupKey: string) => `${ruleId}\u0000${groupKey}`;

function labelsOf(rule: EvaluatedRule, obs: Pick<Observation, "labels">): Labels {
  return { alertname: rule.name, kind: rule.kind, severity: rule.severity, ...(rule.projectSlug ? { project: rule.projectSlug } : {}), ...rule.labels, ...obs.labels };
}

/** What to do with a group, given its stored state. Pure, so both the planner and the locked re-check agree. */
export function decide(rule: Pick<AlertRule, "forSeconds">, active: boolean, state: Pick<AlertState, "state" | "since"> | undefined, now: Date): Decision {
  const current = state?.state ?? "ok";
  if (active) {
    if (current === "ok") return rule.forSeconds === 0 ? "fire" : "pend";
    if (current === "pending") return now.getTime() - state!.since.getTime() >= rule.forSeconds * 1000 ? "fire" : "none";
    return "repeat";
  }
  if (current === "pending") return "clear";
  if (current === "firing") return "resolve";
  return "none";
}

async function loadRules(): Promise<EvaluatedRule[]> {
  const rows = await getDb()
    .select({ rule: alertRules, projectSlug: projects.slug })
    .from(alertRules)
    .leftJoin(projects, eq(projects.id, alertRules.projectId))
    .where(eq(alertRules.enabled, true));
  return rows.map((r) => ({ ...r.rule, projectSlug: r.projectSlug }));
}

type Context = { now: Date; mutes: ActiveMute[]; deploying: Set<string> };

function muteReason(rule: EvaluatedRule, labels: Labels, ctx: Context): string | null {
  if (rule.muteDuringDeploysOf && ctx.deploying.has(rule.muteDuringDeploysOf)) return "deploy running";
  return muteFor(ctx.mutes, labels);
}

export async function evaluateAlerts(now = new Date()): Promise<EvaluationResult> {
  const started = performance.now();
  const rules = await loadRules();
  const result: EvaluationResult = { rules: rules.length, groups: 0, fired: 0, resolved: 0, pending: 0, repeated: 0, ms: 0 };
  if (rules.length === 0) return { ...result, ms: performance.now() - started };
  const [observations, stateRows, mutes, deploying] = await Promise.all([
    observeAll(rules, now),
    getDb().select().from(alertStates).where(inArray(alertStates.ruleId, rules.map((r) => r.id))),
    activeMutes(now),
    projectsDeploying([...new Set(rules.map((r) => r.muteDuringDeploysOf).filter((id): id is string => !!id))]),
  ]);
  const states = new Map(stateRows.map((s) => [keyOf(s.ruleId, s.groupKey), s]));
  const statesOfRule = new Map<string, AlertState[]>();
  for (const s of stateRows) (statesOfRule.get(s.ruleId) ?? statesOfRule.set(s.ruleId, []).get(s.ruleId)!).push(s);
  const ctx: Context = { now, mutes, deploying };
  // Firing groups' incidents, read once: whether a repeat is due is decided in memory, so a
  // steady evaluation (most groups unchanged) opens no transaction at all.
  const incidentIds = stateRows.map((s) => s.incidentId).filter((id): id is string => !!id);
  const open = new Map<string, Incident>();
  for (let i = 0; i < incidentIds.length; i += 5000) {
    for (const row of await getDb().select().from(incidents).where(inArray(incidents.id, incidentIds.slice(i, i + 5000)))) open.set(row.id, row);
  }
  for (const rule of rules) {
    const seen = new Set<string>();
    const groups: { obs: Observation; state?: AlertState }[] = (observations.get(rule.id) ?? []).map((obs) => {
      seen.add(obs.groupKey);
      return { obs, state: states.get(keyOf(rule.id, obs.groupKey)) };
    });
    // A group that no longer reports (its monitor deleted, its route quiet) counts as clear.
    for (const s of statesOfRule.get(rule.id) ?? []) {
      if (!seen.has(s.groupKey) && s.state !== "ok") {
        groups.push({ obs: { groupKey: s.groupKey, labels: s.labels, active: false, value: null, title: "", summary: "", projectId: null }, state: s });
      }
    }
    result.groups += groups.length;
    for (const { obs, state } of groups) {
      const planned = decide(rule, obs.active, state, now);
      if (planned === "none") continue;
      if (planned === "repeat" && !repeatMayBeDue(rule, state, state?.incidentId ? open.get(state.incidentId) : undefined, labelsOf(rule, obs), ctx)) continue;
      const done = await getDb().transaction((tx) => apply(tx, rule, obs, ctx));
      if (done === "fire") result.fired++;
      else if (done === "resolve") result.resolved++;
      else if (done === "pend") result.pending++;
      else if (done === "repeat") result.repeated++;
    }
  }
  return { ...result, ms: performance.now() - started };
}

/**
 * Before taking a lock: could repeat() do anything? Only when the incident is gone or was
 * resolved by hand (the state starts over), or it is open, not snoozed, not muted, and its
 * repeat interval has passed (or it was suppressed and its mute has ended).
 */
function repeatMayBeDue(rule: EvaluatedRule, state: AlertState | undefined, incident: Incident | undefined, labels: Labels, ctx: Context): boolean {
  if (!state?.incidentId || !incident || incident.status === "resolved") return true;
  if (incident.status === "acknowledged") return false;
  if (incident.snoozedUntil && incident.snoozedUntil > ctx.now) return false;
  if (muteReason(rule, labels, ctx)) return false;
  if (incident.suppressedBy !== null) return true;
  return !incident.lastNotifiedAt || ctx.now.getTime() - incident.lastNotifiedAt.getTime() >= rule.repeatIntervalSeconds * 1000;
}

async function apply(tx: Tx, rule: EvaluatedRule, obs: Observation, ctx: Context): Promise<Decision> {
  const { now } = ctx;
  const labels = labelsOf(rule, obs);
  await tx.insert(alertStates).values({ ruleId: rule.id, groupKey: obs.groupKey, state: "ok", since: now, labels }).onConflictDoNothing();
  const [state] = await tx
    .select()
    .from(alertStates)
    .where(and(eq(alertStates.ruleId, rule.id), eq(alertStates.groupKey, obs.groupKey)))
    .for("update");
  const decision = decide(rule, obs.active, state, now);
  const setState = (values: Partial<AlertState>) =>
    tx
      .update(alertStates)
      .set({ ...values, value: obs.value, updatedAt: now })
      .where(and(eq(alertStates.ruleId, rule.id), eq(alertStates.groupKey, obs.groupKey)));

  switch (decision) {
    case "none":
      return "none";
    case "pend":
      await setState({ state: "pending", since: now, labels });
      return "pend";
    case "clear":
      await setState({ state: "ok", since: now });
      return "clear";
    case "fire":
      await fire(tx, rule, obs, labels, state!, ctx);
      return "fire";
    case "repeat":
      return (await repeat(tx, rule, state!, labels, ctx)) ? "repeat" : "none";
    case "resolve":
      await resolveFromEvaluation(tx, state!, now);
      await setState({ state: "ok", since: now, incidentId: null });
      return "resolve";
  }
}

async function fire(tx: Tx, rule: EvaluatedRule, obs: Observation, labels: Labels, state: AlertState, ctx: Context): Promise<void> {
  const { now } = ctx;
  const suppressedBy = muteReason(rule, labels, ctx);
  const dedupKey = `${rule.id}:${obs.groupKey}`;
  const [incident] = await tx
    .insert(incidents)
    .values({
      ruleId: rule.id,
      dedupKey,
      title: obs.title,
      summary: obs.summary,
      severity: rule.severity,
      status: "open",
      suppressedBy,
      labels,
      projectId: obs.projectId ?? rule.projectId,
      value: obs.value,
      startedAt: now,
      lastNotifiedAt: suppressedBy ? null : now,
    })
    // An open incident with this key already exists (opened by hand, or by a racing
    // evaluator whose state this one did not see): join it instead of opening another.
    .onConflictDoNothing({ target: incidents.dedupKey, where: sql`status <> 'resolved'` })
    .returning();
  const current = incident ?? (await tx.select().from(incidents).where(and(eq(incidents.dedupKey, dedupKey), ne(incidents.status, "resolved"))))[0]!;
  if (incident) {
    const events: (typeof incidentEvents.$inferInsert)[] = [];
    if (state.state === "pending") events.push({ incidentId: incident.id, at: state.since, kind: "pending", detail: { forSeconds: rule.forSeconds } });
    events.push({ incidentId: incident.id, at: now, kind: suppressedBy ? "suppressed" : "fired", detail: { value: obs.value, summary: obs.summary, ...(suppressedBy ? { by: suppressedBy } : {}) } });
    await tx.insert(incidentEvents).values(events);
    if (!suppressedBy) await enqueueIncidentNotifications(tx, incident, rule.channelIds, "firing", now);
    await recordAudit(tx, {
      action: "incident.open",
      actor: EVALUATOR,
      target: { type: "incident", id: incident.id, label: incident.title },
      projectId: incident.projectId,
      changes: { rule: rule.name, severity: rule.severity, suppressedBy },
    });
  }
  await tx
    .update(alertStates)
    .set({ state: "firing", since: now, labels, value: obs.value, incidentId: current.id, updatedAt: now })
    .where(and(eq(alertStates.ruleId, rule.id), eq(alertStates.groupKey, obs.groupKey)));
}

/** Still firing: notify again every repeat interval until acknowledged; a suppressed incident is announced once its mute ends. */
async function repeat(tx: Tx, rule: EvaluatedRule, state: AlertState, labels: Labels, ctx: Context): Promise<boolean> {
  const { now } = ctx;
  if (!state.incidentId) return false;
  const [incident] = await tx.select().from(incidents).where(eq(incidents.id, state.incidentId)).for("update");
  if (!incident) return false;
  if (incident.status === "resolved") {
    // Resolved by hand while the condition holds: the next evaluation opens a new one.
    await tx.update(alertStates).set({ state: "ok", since: now, incidentId: null, updatedAt: now }).where(and(eq(alertStates.ruleId, state.ruleId), eq(alertStates.groupKey, state.groupKey)));
    return false;
  }
  if (incident.status === "acknowledged") return false;
  if (incident.snoozedUntil && incident.snoozedUntil > now) return false;
  const muted = muteReason(rule, labels, ctx);
  if (muted) return false;
  const first = incident.suppressedBy !== null;
  if (!first && incident.lastNotifiedAt && now.getTime() - incident.lastNotifiedAt.getTime() < rule.repeatIntervalSeconds * 1000) return false;
  await tx.update(incidents).set({ lastNotifiedAt: now, suppressedBy: null, updatedAt: now }).where(eq(incidents.id, incident.id));
  await tx.insert(incidentEvents).values({ incidentId: incident.id, at: now, kind: first ? "unsuppressed" : "repeat", detail: {} });
  await enqueueIncidentNotifications(tx, { ...incident, suppressedBy: null }, rule.channelIds, first ? "firing" : "repeat", now);
  return true;
}

async function resolveFromEvaluation(tx: Tx, state: AlertState, now: Date): Promise<void> {
  if (!state.incidentId) return;
  const [incident] = await tx.select().from(incidents).where(eq(incidents.id, state.incidentId)).for("update");
  if (!incident || incident.status === "resolved") return;
  const [rule] = await tx.select({ channelIds: alertRules.channelIds }).from(alertRules).where(eq(alertRules.id, state.ruleId));
  await closeIncident(tx, incident, { by: "system", label: EVALUATOR.label, actor: EVALUATOR }, now, rule?.channelIds ?? []);
}

/**
 * Resolves an incident (by the evaluator or by a person): timeline, the resolved message to
 * the channels that were told it fired, and the audit event, in the caller's transaction.
 */
export async function closeIncident(tx: Tx, incident: Incident, who: { by: string; label: string; actor: Actor }, now: Date, channelIds: string[], meta?: Parameters<typeof recordAudit>[1]["meta"]): Promise<Incident> {
  const [resolved] = await tx.update(incidents).set({ status: "resolved", resolvedAt: now, resolvedBy: who.by, updatedAt: now }).where(eq(incidents.id, incident.id)).returning();
  await tx.insert(incidentEvents).values({ incidentId: incident.id, at: now, kind: "resolved", actorType: who.actor.type, actorId: who.actor.id ?? null, actorLabel: who.label, detail: {} });
  // Only where "firing" went out: a suppressed incident ends as quietly as it began.
  if (incident.suppressedBy === null && incident.lastNotifiedAt !== null) await enqueueIncidentNotifications(tx, resolved!, channelIds, "resolved", now);
  await recordAudit(tx, {
    action: "incident.resolve",
    actor: who.actor,
    target: { type: "incident", id: incident.id, label: incident.title },
    projectId: incident.projectId,
    changes: { status: { from: incident.status, to: "resolved" } },
    meta,
  });
  return resolved!;
}
