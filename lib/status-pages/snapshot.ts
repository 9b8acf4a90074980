import "server-only";
import { createHash } from "node:crypto";
import { and, asc, desc, eq, gte, inArray, isNull, or, sql } from "drizzle-orm";
import { cached } from "../cache/tags";
import { getDb } from "../db/client";
import { monitors, statusPageComponentMonitors, statusPageComponents, statusPageIncidents, statusPages, statusPageUpdates } from "../db/schema";
import { STATUS_PAGES_TAG } from "../monitors/state-change";
import { authorize } from "../auth/authorize";
import type { AccessContext } from "../auth/principal";
import { findStatusPage } from "./store";

// What anyone may see of a published status page, as one snapshot: display names and states
// only — never a monitor's name, URL, host, id or error text, nor any row id. It is cached
// (30 s, and dropped on every monitor state change, page change or posted update, on every
// instance through the cache's invalidation), so a thundering herd costs one build.

export type ComponentState = "operational" | "degraded" | "partial_outage" | "major_outage" | "unknown";
export type DayState = "up" | "degraded" | "down" | "unknown";
export type Verdict = "operational" | "partial_outage" | "major_outage" | "maintenance";

export type PublicUpdate = { status: string; message: string; at: string };
export type PublicIncident = { key: string; kind: "incident" | "maintenance"; title: string; impact: string; status: string; startedAt: string; resolvedAt: string | null; startsAt: string | null; endsAt: string | null; updates: PublicUpdate[] };
export type PublicComponent = { key: string; name: string; state: ComponentState; uptime90: number | null; days: { date: string; state: DayState; uptime: number | null }[] };
export type PublicSnapshot = {
  slug: string;
  title: string;
  description: string;
  logoUrl: string | null;
  footer: string;
  subscriptions: boolean;
  verdict: Verdict;
  verdictText: string;
  generatedAt: string;
  groups: { name: string; components: PublicComponent[] }[];
  active: PublicIncident[];
  maintenance: PublicIncident[];
  past: PublicIncident[];
  /** A strong validator of everything above but generatedAt. */
  etag: string;
};

export const DAYS = 90;
const TTL_MS = 30_000;
const PAST_DAYS = 14;

export const VERDICT_TEXT: Record<Verdict, string> = {
  operational: "All systems operational",
  partial_outage: "Partial outage",
  major_outage: "Major outage",
  maintenance: "Under maintenance",
};

/** "API gateway" → "api-gateway": how a component is named in badge URLs and JSON, instead of an id. */
export function componentKey(name: string): string {
  return name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "component";
}

function componentState(states: string[]): ComponentState {
  if (states.length === 0 || states.every((s) => s === "pending")) return "unknown";
  const down = states.filter((s) => s === "down").length;
  if (down === states.length) return "major_outage";
  if (down > 0) return "partial_outage";
  if (states.some((s) => s === "degraded")) return "degraded";
  return "operational";
}

type DayRow = { component_id: string; day: string; total: number; ok: number; degraded: number };

async function build(slug: string, now: Date, includeUnpublished = false): Promise<PublicSnapshot | null> {
  const db = getDb();
  const [page] = await db.select().from(statusPages).where(includeUnpublished ? eq(statusPages.slug, slug) : and(eq(statusPages.slug, slug), eq(statusPages.published, true)));
  if (!page) return null;
  const components = await db.select().from(statusPageComponents).where(eq(statusPageComponents.pageId, page.id)).orderBy(asc(statusPageComponents.position));
  const ids = components.map((c) => c.id);
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const from = new Date(today.getTime() - (DAYS - 1) * 86_400_000);
  const [links, days, incidents] = await Promise.all([
    ids.length ? db.select({ componentId: statusPageComponentMonitors.componentId, status: monitors.status, enabled: monitors.enabled }).from(statusPageComponentMonitors).innerJoin(monitors, eq(monitors.id, statusPageComponentMonitors.monitorId)).where(inArray(statusPageComponentMonitors.componentId, ids)) : [],
    ids.length
      ? db.execute<DayRow>(sql`
          SELECT cm.component_id, to_char(date_trunc('day', c.checked_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
                 count(*)::int AS total, count(*) FILTER (WHERE c.ok)::int AS ok, count(*) FILTER (WHERE c.ok AND c.degraded)::int AS degraded
          FROM monitor_checks c JOIN status_page_component_monitors cm ON cm.monitor_id = c.monitor_id
          WHERE cm.component_id IN (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}) AND c.checked_at >= ${from}
          GROUP BY 1, 2`)
      : { rows: [] as DayRow[] },
    db
      .select()
      .from(statusPageIncidents)
      .where(and(eq(statusPageIncidents.pageId, page.id), or(isNull(statusPageIncidents.resolvedAt), gte(statusPageIncidents.resolvedAt, new Date(now.getTime() - PAST_DAYS * 86_400_000)))))
      .orderBy(desc(statusPageIncidents.createdAt))
      .limit(50),
  ]);
  const updates = incidents.length ? await db.select().from(statusPageUpdates).where(inArray(statusPageUpdates.statusIncidentId, incidents.map((i) => i.id))).orderBy(desc(statusPageUpdates.createdAt)) : [];

  const byDay = new Map<string, DayRow>();
  for (const d of days.rows) byDay.set(`${d.component_id}:${d.day}`, d);
  const keys = new Set<string>();
  const publicComponents = components.map((c) => {
    let key = componentKey(c.displayName);
    for (let n = 2; keys.has(key); n++) key = `${componentKey(c.displayName)}-${n}`;
    keys.add(key);
    const states = links.filter((l) => l.componentId === c.id && l.enabled).map((l) => l.status);
    let total = 0;
    let ok = 0;
    const bar = Array.from({ length: DAYS }, (_, i) => {
      const date = new Date(from.getTime() + i * 86_400_000).toISOString().slice(0, 10);
      const d = byDay.get(`${c.id}:${date}`);
      if (!d) return { date, state: "unknown" as const, uptime: null };
      total += d.total;
      ok += d.ok;
      const state: DayState = d.ok < d.total ? "down" : d.degraded > 0 ? "degraded" : "up";
      return { date, state, uptime: d.ok / d.total };
    });
    return { group: c.groupName, component: { key, name: c.displayName, state: componentState(states), uptime90: total ? ok / total : null, days: bar } };
  });
  const groups: PublicSnapshot["groups"] = [];
  for (const { group, component } of publicComponents) {
    const last = groups[groups.length - 1];
    if (last && last.name === group) last.components.push(component);
    else groups.push({ name: group, components: [component] });
  }

  const toPublic = (i: (typeof incidents)[number], n: number): PublicIncident => ({
    key: `${i.kind === "maintenance" ? "m" : "i"}${i.createdAt.getTime().toString(36)}${n}`,
    kind: i.kind as "incident" | "maintenance",
    title: i.title,
    impact: i.impact,
    status: i.status,
    startedAt: i.createdAt.toISOString(),
    resolvedAt: i.resolvedAt?.toISOString() ?? null,
    startsAt: i.startsAt?.toISOString() ?? null,
    endsAt: i.endsAt?.toISOString() ?? null,
    updates: updates.filter((u) => u.statusIncidentId === i.id).map((u) => ({ status: u.status, message: u.message, at: u.createdAt.toISOString() })),
  });
  const all = incidents.map(toPublic);
  const active = all.filter((i) => i.kind === "incident" && !i.resolvedAt);
  const maintenance = all.filter((i) => i.kind === "maintenance" && !i.resolvedAt && (!i.endsAt || Date.parse(i.endsAt) > now.getTime()));
  const past = all.filter((i) => i.resolvedAt && !maintenance.includes(i) && !active.includes(i));
  const inMaintenance = maintenance.some((m) => m.status === "in_progress" || (m.startsAt !== null && Date.parse(m.startsAt) <= now.getTime()));

  const states = publicComponents.map((c) => c.component.state);
  const verdict: Verdict =
    states.length > 0 && states.every((s) => s === "major_outage") || active.some((i) => i.impact === "major")
      ? "major_outage"
      : inMaintenance
        ? "maintenance"
        : states.some((s) => s === "major_outage" || s === "partial_outage" || s === "degraded") || active.some((i) => i.impact === "minor")
          ? "partial_outage"
          : "operational";

  const body = { slug: page.slug, title: page.title, description: page.description, logoUrl: page.logoUrl, footer: page.footer, subscriptions: page.emailChannelId !== null, verdict, verdictText: VERDICT_TEXT[verdict], groups, active, maintenance, past };
  const etag = `"sp-${createHash("sha256").update(JSON.stringify(body)).digest("base64url").slice(0, 27)}"`;
  return { ...body, generatedAt: now.toISOString(), etag };
}

/** The published page's snapshot, from the cache; null for an unknown or unpublished slug. */
export async function getPublicSnapshot(slug: string): Promise<PublicSnapshot | null> {
  if (!/^[a-z0-9-]{1,60}$/.test(slug)) return null;
  const found = await cached(`status-page:${slug}`, { ttlMs: TTL_MS, tags: [STATUS_PAGES_TAG] }, async () => ({ snapshot: await build(slug, new Date()) }));
  return found.snapshot;
}

/** Uncached, for tests. */
export function buildPublicSnapshot(slug: string, now = new Date()): Promise<PublicSnapshot | null> {
  return build(slug, now);
}

/** The console's preview: what readers would see, published or not (status:write). */
export async function previewStatusPage(ctx: AccessContext, id: string): Promise<PublicSnapshot> {
  await authorize(ctx, "status:write", `status_page:${id}`);
  const page = await findStatusPage(id);
  return (await build(page.slug, new Date(), true))!;
}
