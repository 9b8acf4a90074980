import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { authorize } from "../auth/authorize";
import { actorOf, type AccessContext } from "../auth/principal";
import { closeIncident } from "../alerts/evaluate";
import { incidentNoteSchema, incidentSnoozeSchema } from "../alerts/schemas";
import { recordAudit } from "../audit/record";
import { getDb, type Tx } from "../db/client";
import { alertRules, alertStates, incidentEvents, incidents, type Incident } from "../db/schema";
import { ConflictError } from "../errors";
import { enqueueIncidentNotifications } from "../notifications/enqueue";
import { findVisibleIncident, getIncident, type IncidentDetail } from "./queries";

// What people do about an incident (operators and admins: incidents:write): acknowledge
// (repeats stop; PagerDuty hears it), resolve (a resolved message goes out; if the condition
// still holds, the next evaluation opens a new incident), snooze (no repeats until then),
// and notes. Conditional updates decide races; each action is on the timeline and audited
// in its transaction.

async function ruleChannels(tx: Tx, incident: Incident): Promise<string[]> {
  if (!incident.ruleId) return [];
  const [rule] = await tx.select({ channelIds: alertRules.channelIds }).from(alertRules).where(eq(alertRules.id, incident.ruleId));
  return rule?.channelIds ?? [];
}

function actorLabel(ctx: AccessContext): string {
  return actorOf(ctx.principal).label ?? "unknown";
}

export async function acknowledgeIncident(ctx: AccessContext, id: string): Promise<IncidentDetail> {
  await authorize(ctx, "incidents:write", `incident:${id}`);
  await getDb().transaction(async (tx) => {
    const before = await findVisibleIncident(tx, ctx, id);
    const now = new Date();
    const [updated] = await tx
      .update(incidents)
      .set({ status: "acknowledged", acknowledgedAt: now, acknowledgedBy: actorLabel(ctx), updatedAt: now })
      .where(and(eq(incidents.id, id), eq(incidents.status, "open")))
      .returning();
    if (!updated) throw new ConflictError(before.status === "resolved" ? "This incident is resolved" : "This incident was acknowledged already", { incidentStatus: before.status });
    await tx.insert(incidentEvents).values({ incidentId: id, at: now, kind: "acknowledged", actorType: actorOf(ctx.principal).type, actorId: actorOf(ctx.principal).id ?? null, actorLabel: actorLabel(ctx) });
    if (!before.suppressedBy) await enqueueIncidentNotifications(tx, updated, await ruleChannels(tx, updated), "acknowledged", now);
    await recordAudit(tx, { action: "incident.acknowledge", actor: actorOf(ctx.principal), target: { type: "incident", id, label: updated.title }, projectId: updated.projectId, changes: { status: { from: "open", to: "acknowledged" } }, meta: ctx.meta });
  });
  return getIncident(ctx, id);
}

export async function resolveIncident(ctx: AccessContext, id: string): Promise<IncidentDetail> {
  await authorize(ctx, "incidents:write", `incident:${id}`);
  await getDb().transaction(async (tx) => {
    const [locked] = await tx.select().from(incidents).where(eq(incidents.id, (await findVisibleIncident(tx, ctx, id)).id)).for("update");
    if (!locked || locked.status === "resolved") throw new ConflictError("This incident is resolved already");
    const now = new Date();
    await closeIncident(tx, locked, { by: actorLabel(ctx), label: actorLabel(ctx), actor: actorOf(ctx.principal) }, now, await ruleChannels(tx, locked), ctx.meta);
    // The alert starts over: if its condition still holds, the next evaluation opens a new incident.
    await tx.update(alertStates).set({ state: "ok", since: now, incidentId: null, updatedAt: now }).where(inArray(alertStates.incidentId, [id]));
  });
  return getIncident(ctx, id);
}

export async function snoozeIncident(ctx: AccessContext, id: string, input: z.input<typeof incidentSnoozeSchema>): Promise<IncidentDetail> {
  await authorize(ctx, "incidents:write", `incident:${id}`);
  const { minutes } = incidentSnoozeSchema.parse(input);
  await getDb().transaction(async (tx) => {
    const before = await findVisibleIncident(tx, ctx, id);
    if (before.status === "resolved") throw new ConflictError("A resolved incident cannot be snoozed");
    const now = new Date();
    const until = new Date(now.getTime() + minutes * 60_000);
    await tx.update(incidents).set({ snoozedUntil: until, updatedAt: now }).where(eq(incidents.id, id));
    await tx.insert(incidentEvents).values({ incidentId: id, at: now, kind: "snoozed", actorType: actorOf(ctx.principal).type, actorId: actorOf(ctx.principal).id ?? null, actorLabel: actorLabel(ctx), detail: { until: until.toISOString() } });
    await recordAudit(tx, { action: "incident.snooze", actor: actorOf(ctx.principal), target: { type: "incident", id, label: before.title }, projectId: before.projectId, changes: { snoozedUntil: { from: before.snoozedUntil, to: until } }, meta: ctx.meta });
  });
  return getIncident(ctx, id);
}

export async function addIncidentNote(ctx: AccessContext, id: string, input: z.input<typeof incidentNoteSchema>): Promise<IncidentDetail> {
  await authorize(ctx, "incidents:write", `incident:${id}`);
  const { note } = incidentNoteSchema.parse(input);
  await getDb().transaction(async (tx) => {
    const before = await findVisibleIncident(tx, ctx, id);
    await tx.insert(incidentEvents).values({ incidentId: id, kind: "note", actorType: actorOf(ctx.principal).type, actorId: actorOf(ctx.principal).id ?? null, actorLabel: actorLabel(ctx), detail: { note } });
    await recordAudit(tx, { action: "incident.note", actor: actorOf(ctx.principal), target: { type: "incident", id, label: before.title }, projectId: before.projectId, changes: { length: note.length }, meta: ctx.meta });
  });
  return getIncident(ctx, id);
}
