import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import { authorize } from "../auth/authorize";
import type { AccessContext } from "../auth/principal";
import { getDb } from "../db/client";
import { monitorIncidents, monitors } from "../db/schema";
import { toMonitorDto, type MonitorDto } from "./mutations";

// The /health board: any signed-in role may read it. Uptime counts checks, so time without
// checks (the console was down, probes did not run) is neither up nor down: the status bar
// shows it as "unknown".

export type SlotState = "up" | "down" | "unknown";
export type MonitorBoardEntry = MonitorDto & {
  lastCheckedAt: string | null;
  uptime: { h24: number | null; d7: number | null; d30: number | null };
  /** Oldest first, SLOTS slots of SLOT_MINUTES over the last 24 h. */
  bar: { start: string; state: SlotState; avgLatencyMs: number | null }[];
  openIncidentSince: string | null;
};
export type IncidentEntry = { id: string; monitorId: string; monitorName: string; startedAt: string; resolvedAt: string | null; cause: string };

export const SLOTS = 48;
export const SLOT_MINUTES = 30;

type StatsRow = { monitor_id: string; t24: number; ok24: number; t7: number; ok7: number; t30: number; ok30: number };
type SlotRow = { monitor_id: string; slot: number; all_ok: boolean; avg_latency: number | null };

const ratio = (ok: number, total: number) => (total > 0 ? ok / total : null);

export async function getMonitorBoard(ctx: AccessContext, now = new Date()): Promise<{ monitors: MonitorBoardEntry[]; incidents: IncidentEntry[] }> {
  await authorize(ctx, "viewer", "health");
  const db = getDb();
  const slotMs = SLOT_MINUTES * 60_000;
  // Slots end at the next slot boundary after `now`, so they line up across page loads.
  const end = new Date(Math.ceil(now.getTime() / slotMs) * slotMs);
  const start = new Date(end.getTime() - SLOTS * slotMs);
  const [rows, stats, slots, incidents] = await Promise.all([
    db.select().from(monitors).orderBy(monitors.name),
    db.execute<StatsRow>(sql`
      SELECT monitor_id,
        count(*) FILTER (WHERE checked_at > ${now}::timestamptz - interval '24 hours')::int AS t24,
        count(*) FILTER (WHERE ok AND checked_at > ${now}::timestamptz - interval '24 hours')::int AS ok24,
        count(*) FILTER (WHERE checked_at > ${now}::timestamptz - interval '7 days')::int AS t7,
        count(*) FILTER (WHERE ok AND checked_at > ${now}::timestamptz - interval '7 days')::int AS ok7,
        count(*)::int AS t30, count(*) FILTER (WHERE ok)::int AS ok30
      FROM monitor_checks WHERE checked_at > ${now}::timestamptz - interval '30 days' AND checked_at <= ${now}
      GROUP BY monitor_id`),
    db.execute<SlotRow>(sql`
      SELECT monitor_id, floor(extract(epoch FROM checked_at - ${start}::timestamptz) * 1000 / ${slotMs})::int AS slot,
             bool_and(ok) AS all_ok, avg(latency_ms)::float8 AS avg_latency
      FROM monitor_checks WHERE checked_at >= ${start} AND checked_at < ${end}
      GROUP BY 1, 2`),
    db
      .select({ id: monitorIncidents.id, monitorId: monitorIncidents.monitorId, monitorName: monitors.name, startedAt: monitorIncidents.startedAt, resolvedAt: monitorIncidents.resolvedAt, cause: monitorIncidents.cause })
      .from(monitorIncidents)
      .innerJoin(monitors, eq(monitors.id, monitorIncidents.monitorId))
      .orderBy(desc(monitorIncidents.startedAt))
      .limit(50),
  ]);
  const statsBy = new Map(stats.rows.map((s) => [s.monitor_id, s]));
  const slotsBy = new Map<string, Map<number, SlotRow>>();
  for (const s of slots.rows) {
    if (!slotsBy.has(s.monitor_id)) slotsBy.set(s.monitor_id, new Map());
    slotsBy.get(s.monitor_id)!.set(s.slot, s);
  }
  const openSince = new Map<string, string>();
  for (const i of incidents) if (!i.resolvedAt && !openSince.has(i.monitorId)) openSince.set(i.monitorId, i.startedAt.toISOString());
  return {
    monitors: rows.map((m) => {
      const s = statsBy.get(m.id);
      const mine = slotsBy.get(m.id);
      return {
        ...toMonitorDto(m),
        lastCheckedAt: m.lastCheckedAt?.toISOString() ?? null,
        uptime: { h24: s ? ratio(s.ok24, s.t24) : null, d7: s ? ratio(s.ok7, s.t7) : null, d30: s ? ratio(s.ok30, s.t30) : null },
        bar: Array.from({ length: SLOTS }, (_, i) => {
          const slot = mine?.get(i);
          return { start: new Date(start.getTime() + i * slotMs).toISOString(), state: slot ? (slot.all_ok ? "up" : "down") : "unknown", avgLatencyMs: slot?.avg_latency == null ? null : Math.round(slot.avg_latency) } as const;
        }),
        openIncidentSince: m.status === "down" ? (openSince.get(m.id) ?? m.statusSince.toISOString()) : null,
      };
    }),
    incidents: incidents.map((i) => ({ ...i, startedAt: i.startedAt.toISOString(), resolvedAt: i.resolvedAt?.toISOString() ?? null })),
  };
}
