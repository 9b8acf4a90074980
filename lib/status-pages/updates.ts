import "server-only";
import { and, eq, isNull, lte, or } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../auth/authorize";
import { actorOf, type AccessContext } from "../auth/principal";
import { recordAudit } from "../audit/record";
import { getDb } from "../db/client";
import { incidents, statusPageIncidents, statusPageUpdates } from "../db/schema";
import { InvalidFieldError, NotFoundError } from "../errors";
import { notifyMonitorStateChanged } from "../monitors/state-change";
import { INCIDENT_STATUSES, MAINTENANCE_STATUSES, statusUpdateInputSchema, type StatusUpdateInput } from "./schemas";
import { findStatusPage } from "./store";
import { queueSubscriberMail } from "./subscriptions";

// Operators tell readers what is going on (status:write): the first update opens an incident
// or a maintenance on the page, later ones move it (resolved / completed closes it). Each is
// audited, drops the public snapshots and is queued for confirmed subscribers' mail in the
// same transaction (lib/status-pages/subscriptions.ts: the notification outbox sends it).

export const statusUpdateResultSchema = z.strictObject({
  statusIncidentId: z.uuid(),
  updateId: z.uuid(),
  kind: z.enum(["incident", "maintenance"]),
  title: z.string(),
  status: z.string(),
  resolved: z.boolean(),
  notified: z.number().int().describe("Confirmed subscribers the update was queued to be mailed to"),
});
export type StatusUpdateResult = z.output<typeof statusUpdateResultSchema>;

const STATUS_LABEL: Record<string, string> = { investigating: "Investigating", identified: "Identified", monitoring: "Monitoring", resolved: "Resolved", scheduled: "Scheduled", in_progress: "In progress", completed: "Completed" };
export const statusLabel = (s: string) => STATUS_LABEL[s] ?? s;

export async function postStatusUpdate(ctx: AccessContext, pageId: string, input: StatusUpdateInput): Promise<StatusUpdateResult> {
  await authorize(ctx, "status:write", `status_page:${pageId}`);
  const v = statusUpdateInputSchema.parse(input);
  const page = await findStatusPage(pageId);
  if (v.incidentId) {
    const [found] = await getDb().select({ id: incidents.id }).from(incidents).where(eq(incidents.id, v.incidentId));
    if (!found) throw new InvalidFieldError("incidentId", "no such incident");
  }
  const userId = ctx.principal.kind === "user" ? ctx.principal.user.id : null;
  const result = await getDb().transaction(async (tx) => {
    let target;
    if (v.statusIncidentId) {
      const [current] = await tx.select().from(statusPageIncidents).where(and(eq(statusPageIncidents.id, v.statusIncidentId), eq(statusPageIncidents.pageId, pageId))).for("update");
      if (!current) throw new NotFoundError("Incident on this status page");
      const allowed: readonly string[] = current.kind === "maintenance" ? MAINTENANCE_STATUSES : INCIDENT_STATUSES;
      if (!allowed.includes(v.status)) throw new InvalidFieldError("status", `must be one of ${allowed.join(", ")}`);
      const closes = v.status === "resolved" || v.status === "completed";
      [target] = await tx
        .update(statusPageIncidents)
        .set({ status: v.status, updatedAt: new Date(), resolvedAt: closes ? (current.resolvedAt ?? new Date()) : null, ...(v.incidentId !== undefined ? { incidentId: v.incidentId } : {}) })
        .where(eq(statusPageIncidents.id, current.id))
        .returning();
    } else {
      const closes = v.status === "resolved" || v.status === "completed";
      [target] = await tx
        .insert(statusPageIncidents)
        .values({ pageId, kind: v.kind, title: v.title!, impact: v.kind === "maintenance" ? "none" : v.impact, status: v.status, incidentId: v.incidentId ?? null, startsAt: v.startsAt ? new Date(v.startsAt) : null, endsAt: v.endsAt ? new Date(v.endsAt) : null, resolvedAt: closes ? new Date() : null })
        .returning();
    }
    const [update] = await tx.insert(statusPageUpdates).values({ statusIncidentId: target!.id, status: v.status, message: v.message, createdBy: userId }).returning();
    const notified = await queueSubscriberMail(tx, pageId, `${target!.title}: ${statusLabel(update!.status)}`, `${target!.kind === "maintenance" ? "Maintenance" : "Incident"}: ${target!.title}\n${statusLabel(update!.status)} — ${update!.createdAt.toISOString()}\n\n${update!.message}`);
    await recordAudit(tx, {
      action: "status_page.post_update",
      actor: actorOf(ctx.principal),
      target: { type: "status_page", id: pageId, label: page.slug },
      changes: { statusIncidentId: target!.id, kind: target!.kind, title: target!.title, status: v.status, ...(v.incidentId ? { incidentId: v.incidentId } : {}) },
      meta: ctx.meta,
    });
    return { target: target!, update: update!, notified };
  });
  await notifyMonitorStateChanged();
  const { target, update, notified } = result;
  return { statusIncidentId: target.id, updateId: update.id, kind: target.kind as "incident" | "maintenance", title: target.title, status: update.status, resolved: target.resolvedAt !== null, notified };
}

/**
 * The maintenance job: a window that has started (or ended) is announced to subscribers once,
 * claimed by a conditional UPDATE so two instances cannot both send it.
 */
export async function announceMaintenance(now = new Date()): Promise<number> {
  const announced = await getDb().transaction(async (tx) => {
    const started = await tx
      .update(statusPageIncidents)
      .set({ startNotifiedAt: now })
      .where(and(eq(statusPageIncidents.kind, "maintenance"), isNull(statusPageIncidents.startNotifiedAt), lte(statusPageIncidents.startsAt, now), isNull(statusPageIncidents.resolvedAt)))
      .returning();
    const ended = await tx
      .update(statusPageIncidents)
      .set({ endNotifiedAt: now })
      .where(and(eq(statusPageIncidents.kind, "maintenance"), isNull(statusPageIncidents.endNotifiedAt), or(lte(statusPageIncidents.endsAt, now), eq(statusPageIncidents.status, "completed"))))
      .returning();
    // Claimed and queued together: a crash before commit leaves both for the next pass.
    for (const m of started) await queueSubscriberMail(tx, m.pageId, `Maintenance started: ${m.title}`, `Maintenance: ${m.title}\nStarted ${m.startsAt?.toISOString()}, planned to end ${m.endsAt?.toISOString()}.`);
    for (const m of ended) await queueSubscriberMail(tx, m.pageId, `Maintenance ended: ${m.title}`, `Maintenance: ${m.title}\nEnded ${(m.endsAt && m.endsAt < now ? m.endsAt : now).toISOString()}.`);
    return started.length + ended.length;
  });
  if (announced) await notifyMonitorStateChanged();
  return announced;
}

export type OpenStatusIncident = { id: string; pageId: string; kind: string; title: string; status: string; createdAt: string };

/** What is still open on each page (for the console's update form). */
export async function listOpenStatusIncidents(ctx: AccessContext): Promise<OpenStatusIncident[]> {
  await authorize(ctx, "status:write", "status_pages");
  const rows = await getDb().select().from(statusPageIncidents).where(isNull(statusPageIncidents.resolvedAt)).orderBy(statusPageIncidents.createdAt);
  return rows.map((r) => ({ id: r.id, pageId: r.pageId, kind: r.kind, title: r.title, status: r.status, createdAt: r.createdAt.toISOString() }));
}
