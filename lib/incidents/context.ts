import "server-only";
import { and, desc, eq, gte, isNull, lte, or } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../auth/authorize";
import { hasScope, projectBinding, type AccessContext } from "../auth/principal";
import { listAuditEvents } from "../audit/queries";
import { auditFilterSchema } from "../audit/filters";
import { getDb } from "../db/client";
import { monitorIncidents, monitors, projects, runs } from "../db/schema";
import { getMetricsHistory, type RouteRow } from "../metrics/history";
import { readRecordedQueries } from "../queries/recorded";
import { findVisibleIncident } from "./queries";

// "What else happened": the signals around an incident's window, each a link — failed runs
// of its project, routes whose 5xx share or p95 rose against the window before, slow-query
// fingerprints that spiked, monitor incidents that overlapped, and the audit events of the
// window. Each section appears only for callers who may read it (metrics and queries for
// operators, the audit trail for admins).

const LEAD_MS = 15 * 60_000;

export const contextItemSchema = z.strictObject({ title: z.string(), detail: z.string(), href: z.string(), at: z.string().nullable() });
export const incidentContextSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  failedRuns: z.array(contextItemSchema).nullable(),
  routes: z.array(contextItemSchema).nullable(),
  slowQueries: z.array(contextItemSchema).nullable(),
  monitorIncidents: z.array(contextItemSchema).nullable(),
  auditEvents: z.array(contextItemSchema).nullable(),
});
export type IncidentContext = z.output<typeof incidentContextSchema>;
type Item = z.output<typeof contextItemSchema>;

const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)} %`);
const ms = (s: number | null) => (s === null ? "–" : s >= 1 ? `${s.toFixed(2)} s` : `${Math.round(s * 1000)} ms`);

/** Routes that got worse in [from, to) than in the window of the same length before. */
function worseRoutes(now: RouteRow[], before: RouteRow[]): Item[] {
  const prior = new Map(before.map((r) => [`${r.method} ${r.route}`, r]));
  const items: (Item & { score: number })[] = [];
  for (const r of now) {
    if (r.count < 5) continue;
    const b = prior.get(`${r.method} ${r.route}`);
    const errorsRose = (r.errorRate ?? 0) - (b?.errorRate ?? 0) > 0.01;
    const p95Rose = r.p95 !== null && (b?.p95 ?? 0) > 0 && r.p95 > 1.5 * b!.p95!;
    if (!errorsRose && !p95Rose) continue;
    items.push({
      title: `${r.method} ${r.route}`,
      detail: `5xx ${pct(b?.errorRate ?? 0)} → ${pct(r.errorRate)}, p95 ${ms(b?.p95 ?? null)} → ${ms(r.p95)} (${r.count} requests)`,
      href: `/metrics?route=${encodeURIComponent(r.route)}`,
      at: null,
      score: (r.errorRate ?? 0) * 10 + (r.p95 ?? 0),
    });
  }
  return items.sort((a, b) => b.score - a.score).slice(0, 5).map(({ score, ...item }) => (void score, item));
}

export async function incidentContext(ctx: AccessContext, id: string, now = new Date()): Promise<IncidentContext> {
  await authorize(ctx, "alerts:read", `incident:${id}`);
  const incident = await findVisibleIncident(getDb(), ctx, id);
  const from = new Date(incident.startedAt.getTime() - LEAD_MS);
  const to = incident.resolvedAt ?? now;
  const before = new Date(from.getTime() - (to.getTime() - from.getTime()));
  const bound = projectBinding(ctx.principal);

  const failedRuns = async (): Promise<Item[] | null> => {
    if (!incident.projectId || !hasScope(ctx.principal, "runs:read")) return null;
    const rows = await getDb()
      .select({ id: runs.id, name: runs.name, finishedAt: runs.finishedAt, slug: projects.slug })
      .from(runs)
      .innerJoin(projects, eq(projects.id, runs.projectId))
      .where(and(eq(runs.projectId, incident.projectId), eq(runs.status, "failed"), gte(runs.createdAt, new Date(from.getTime() - 86_400_000)), gte(runs.finishedAt, from), lte(runs.finishedAt, to)))
      .orderBy(desc(runs.finishedAt))
      .limit(10);
    return rows.map((r) => ({ title: r.name, detail: `failed in ${r.slug}`, href: `/projects/${r.slug}/runs/${r.id}`, at: r.finishedAt?.toISOString() ?? null }));
  };

  const routes = async (): Promise<Item[] | null> => {
    if (bound || !hasScope(ctx.principal, "metrics:read")) return null;
    const [during, prior] = await Promise.all([getMetricsHistory({ from, to }), getMetricsHistory({ from: before, to: from })]);
    return worseRoutes(during.routes, prior.routes);
  };

  const slowQueries = async (): Promise<Item[] | null> => {
    if (bound || !hasScope(ctx.principal, "metrics:read")) return null;
    const [during, prior] = await Promise.all([readRecordedQueries({ from, to, limit: 100 }), readRecordedQueries({ from: before, to: from, limit: 500 })]);
    const priorCalls = new Map(prior.map((q) => [q.fingerprint, q.calls]));
    return during
      .filter((q) => q.calls >= 2 * (priorCalls.get(q.fingerprint) ?? 0))
      .slice(0, 5)
      .map((q) => ({ title: q.query.slice(0, 120), detail: `${q.calls} slow calls (${priorCalls.get(q.fingerprint) ?? 0} the window before), p95 ${q.p95Ms === null ? "–" : `${Math.round(q.p95Ms)} ms`}`, href: `/queries?range=24h`, at: q.lastSeen }));
  };

  const monitorOverlaps = async (): Promise<Item[] | null> => {
    if (bound || !hasScope(ctx.principal, "monitors:read")) return null;
    const rows = await getDb()
      .select({ id: monitorIncidents.id, name: monitors.name, startedAt: monitorIncidents.startedAt, resolvedAt: monitorIncidents.resolvedAt, cause: monitorIncidents.cause })
      .from(monitorIncidents)
      .innerJoin(monitors, eq(monitors.id, monitorIncidents.monitorId))
      .where(and(lte(monitorIncidents.startedAt, to), or(isNull(monitorIncidents.resolvedAt), gte(monitorIncidents.resolvedAt, from))))
      .orderBy(desc(monitorIncidents.startedAt))
      .limit(10);
    return rows.map((r) => ({ title: `${r.name} down`, detail: r.resolvedAt ? `until ${r.resolvedAt.toISOString()}` : "still down", href: "/health", at: r.startedAt.toISOString() }));
  };

  const audit = async (): Promise<Item[] | null> => {
    if (!hasScope(ctx.principal, "audit:read")) return null;
    const filter = auditFilterSchema.parse({ since: from.toISOString(), until: to.toISOString(), ...(incident.projectId ? { project: incident.projectId } : {}) });
    const page = await listAuditEvents(ctx, filter, { limit: 10 });
    return page.data.map((e) => ({ title: e.action, detail: `${e.actorLabel ?? e.actorType} → ${e.targetLabel ?? e.targetId ?? ""}`, href: `/audit?event=${e.seq}`, at: e.occurredAt }));
  };

  const [a, b, c, d, e] = await Promise.all([failedRuns(), routes(), slowQueries(), monitorOverlaps(), audit()]);
  return { from: from.toISOString(), to: to.toISOString(), failedRuns: a, routes: b, slowQueries: c, monitorIncidents: d, auditEvents: e };
}
