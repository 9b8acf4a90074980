import "server-only";
import { and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../auth/authorize";
import { projectBinding, type AccessContext } from "../auth/principal";
import { getDb, type DbOrTx } from "../db/client";
import { exactTimestamp, pageSchema, timeIdKeyset, type Page, type PageRequest } from "../db/keyset";
import { alertRules, channels, deliveries, incidentEvents, incidents, projects, type Incident } from "../db/schema";
import { NotFoundError } from "../errors";
import { incidentStatuses } from "../alerts/schemas";

// Reads of incidents: keyset pages newest first (filtered by status and project), and one
// incident with its timeline and the delivery of every notification. A key bound to a
// project sees that project's incidents only.

const iso = z.iso.datetime({ offset: true });

export const incidentDtoSchema = z.strictObject({
  id: z.uuid(),
  title: z.string(),
  summary: z.string(),
  severity: z.string(),
  status: z.enum(incidentStatuses),
  suppressedBy: z.string().nullable().describe("What muted it (a silence, a maintenance window, a running deploy): nothing was sent"),
  labels: z.record(z.string(), z.string()),
  project: z.string().nullable(),
  ruleId: z.uuid().nullable(),
  ruleName: z.string().nullable(),
  value: z.number().nullable(),
  startedAt: iso,
  acknowledgedAt: iso.nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: iso.nullable(),
  resolvedBy: z.string().nullable(),
  snoozedUntil: iso.nullable(),
  lastNotifiedAt: iso.nullable(),
});
export type IncidentDto = z.output<typeof incidentDtoSchema>;

export const incidentPageSchema = pageSchema(incidentDtoSchema);

export const incidentEventSchema = z.strictObject({
  at: iso,
  kind: z.string(),
  actor: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export const deliverySchema = z.strictObject({
  id: z.uuid().describe("The message id receivers dedupe by"),
  channel: z.string(),
  channelKind: z.string(),
  event: z.string(),
  status: z.string(),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastErrorClass: z.string().nullable(),
  lastLatencyMs: z.number().int().nullable(),
  createdAt: iso,
  deliveredAt: iso.nullable(),
});
export const incidentDetailSchema = incidentDtoSchema.extend({ timeline: z.array(incidentEventSchema), deliveries: z.array(deliverySchema) });
export type IncidentDetail = z.output<typeof incidentDetailSchema>;

export const incidentListFilterSchema = z.object({
  status: z.enum([...incidentStatuses, "active"]).optional().describe("active: open or acknowledged"),
  project: z.string().trim().min(1).max(64).optional().describe("A project's slug"),
});
export type IncidentListFilter = z.output<typeof incidentListFilterSchema>;

const order = timeIdKeyset(incidents.startedAt, incidents.id);
const isoOrNull = (d: Date | null) => d?.toISOString() ?? null;

function toDto(i: Incident, projectSlug: string | null, ruleName: string | null): IncidentDto {
  return {
    id: i.id,
    title: i.title,
    summary: i.summary,
    severity: i.severity,
    status: i.status as IncidentDto["status"],
    suppressedBy: i.suppressedBy,
    labels: i.labels,
    project: projectSlug,
    ruleId: i.ruleId,
    ruleName,
    value: i.value,
    startedAt: i.startedAt.toISOString(),
    acknowledgedAt: isoOrNull(i.acknowledgedAt),
    acknowledgedBy: i.acknowledgedBy,
    resolvedAt: isoOrNull(i.resolvedAt),
    resolvedBy: i.resolvedBy,
    snoozedUntil: isoOrNull(i.snoozedUntil),
    lastNotifiedAt: isoOrNull(i.lastNotifiedAt),
  };
}

function visibleTo(ctx: AccessContext): SQL | undefined {
  const bound = projectBinding(ctx.principal);
  return bound ? eq(incidents.projectId, bound) : undefined;
}

const withNames = (db: DbOrTx) =>
  db
    .select({ incident: incidents, projectSlug: projects.slug, ruleName: alertRules.name, at: exactTimestamp(incidents.startedAt) })
    .from(incidents)
    .leftJoin(projects, eq(projects.id, incidents.projectId))
    .leftJoin(alertRules, eq(alertRules.id, incidents.ruleId));

export async function listIncidents(ctx: AccessContext, filter: IncidentListFilter, page: PageRequest): Promise<Page<IncidentDto>> {
  await authorize(ctx, "alerts:read", "incidents");
  const where: (SQL | undefined)[] = [visibleTo(ctx), order.after(page.cursor)];
  if (filter.status === "active") where.push(inArray(incidents.status, ["open", "acknowledged"]));
  else if (filter.status) where.push(eq(incidents.status, filter.status));
  if (filter.project) where.push(eq(projects.slug, filter.project));
  const rows = await withNames(getDb())
    .where(and(...where))
    .orderBy(...order.orderBy)
    .limit(page.limit + 1);
  return order.page(rows, page.limit, (r) => [r.at, r.incident.id], (r) => toDto(r.incident, r.projectSlug, r.ruleName));
}

/** The incident row if the caller may see it (404 otherwise, also for a key bound elsewhere). */
export async function findVisibleIncident(db: DbOrTx, ctx: AccessContext, id: string): Promise<Incident> {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError("Incident");
  const [row] = await db.select().from(incidents).where(and(eq(incidents.id, id), visibleTo(ctx)));
  if (!row) throw new NotFoundError("Incident");
  return row;
}

export async function getIncident(ctx: AccessContext, id: string): Promise<IncidentDetail> {
  await authorize(ctx, "alerts:read", `incident:${id}`);
  await findVisibleIncident(getDb(), ctx, id);
  const [[row], events, sent] = await Promise.all([
    withNames(getDb()).where(eq(incidents.id, id)),
    getDb().select().from(incidentEvents).where(eq(incidentEvents.incidentId, id)).orderBy(asc(incidentEvents.at), asc(incidentEvents.id)).limit(500),
    getDb()
      .select({ delivery: deliveries, channel: channels.name, channelKind: channels.kind })
      .from(deliveries)
      .innerJoin(channels, eq(channels.id, deliveries.channelId))
      .where(eq(deliveries.incidentId, id))
      .orderBy(desc(deliveries.createdAt))
      .limit(200),
  ]);
  return {
    ...toDto(row!.incident, row!.projectSlug, row!.ruleName),
    timeline: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, actor: e.actorLabel, detail: e.detail })),
    deliveries: sent.map(({ delivery: d, channel, channelKind }) => ({
      id: d.id,
      channel,
      channelKind,
      event: d.event,
      status: d.status,
      attempts: d.attempts,
      lastStatusCode: d.lastStatusCode,
      lastErrorClass: d.lastErrorClass,
      lastLatencyMs: d.lastLatencyMs,
      createdAt: d.createdAt.toISOString(),
      deliveredAt: isoOrNull(d.deliveredAt),
    })),
  };
}

/** Open incidents first, for the overview: at most `limit`. */
export async function openIncidents(ctx: AccessContext, limit = 5): Promise<IncidentDto[]> {
  return (await listIncidents(ctx, { status: "active" }, { limit })).data;
}
