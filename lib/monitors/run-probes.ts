import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { monitorChecks, monitorIncidents, monitors, type Monitor } from "../db/schema";
import { judgeHeartbeat } from "./heartbeat-judge";
import { probe, type ProbeResult } from "./probe";
import { probeTcp, probeTls } from "./probe-socket";
import { notifyMonitorStateChanged } from "./state-change";

// The probe job (one instance at a time, under the scheduler's advisory lock): every due
// monitor is probed, at most CONCURRENCY at once; each result is stored, and a change of
// state moves the monitor's status/status_since and opens (down) or resolves (up, degraded)
// an incident. Heartbeat monitors are judged from their last ping instead of probed.

const CONCURRENCY = 8;

/** Stores one probe result and applies the state change, in one transaction. */
export async function recordProbe(monitor: Pick<Monitor, "id" | "status">, result: ProbeResult, at = new Date()): Promise<"up" | "degraded" | "down"> {
  const next = result.ok ? (result.degraded ? "degraded" : "up") : "down";
  let changed = false;
  await getDb().transaction(async (tx) => {
    await tx.insert(monitorChecks).values({ monitorId: monitor.id, checkedAt: at, ok: result.ok, degraded: result.degraded ?? false, statusCode: result.statusCode, latencyMs: result.latencyMs, error: result.error });
    const [current] = await tx.select({ status: monitors.status }).from(monitors).where(eq(monitors.id, monitor.id)).for("update");
    if (!current) return; // deleted meanwhile
    const detail = result.detail !== undefined ? { detail: result.detail } : {};
    if (current.status === next) {
      await tx.update(monitors).set({ lastCheckedAt: at, ...detail }).where(eq(monitors.id, monitor.id));
      return;
    }
    changed = true;
    await tx.update(monitors).set({ status: next, statusSince: at, lastCheckedAt: at, ...detail }).where(eq(monitors.id, monitor.id));
    if (next === "down") {
      await tx.insert(monitorIncidents).values({ monitorId: monitor.id, startedAt: at, cause: result.error ?? "down" });
    } else if (current.status === "down") {
      await tx
        .update(monitorIncidents)
        .set({ resolvedAt: at })
        .where(and(eq(monitorIncidents.monitorId, monitor.id), isNull(monitorIncidents.resolvedAt)));
    }
  });
  if (changed) await notifyMonitorStateChanged();
  return next;
}

/**
 * Monitors whose interval has elapsed since their last check (or never checked), and
 * heartbeats that may have just missed their deadline (judged at once, not on the interval).
 */
async function dueMonitors(now: Date): Promise<Monitor[]> {
  return getDb()
    .select()
    .from(monitors)
    .where(
      and(
        eq(monitors.enabled, true),
        sql`(${monitors.lastCheckedAt} IS NULL OR ${monitors.lastCheckedAt} + make_interval(secs => ${monitors.intervalSeconds}) <= ${now}
          OR (${monitors.type} = 'heartbeat' AND ${monitors.status} <> 'down' AND (${monitors.heartbeatCron} IS NOT NULL
            OR coalesce(${monitors.lastPingAt}, ${monitors.createdAt}) + make_interval(secs => coalesce(${monitors.heartbeatPeriodSeconds}, 60) + ${monitors.heartbeatGraceSeconds}) <= ${now})))`,
      ),
    );
}

const PER_TYPE_TIMEOUT_CAP_MS = { http: 30_000, tcp: 10_000, tls: 15_000, heartbeat: 0 } as const;

/** One check of a monitor by its type; null for a heartbeat with nothing to say yet. */
export async function checkMonitor(monitor: Monitor, now: Date): Promise<ProbeResult | null> {
  const timeoutMs = Math.min(monitor.timeoutMs, PER_TYPE_TIMEOUT_CAP_MS[monitor.type]);
  switch (monitor.type) {
    case "http":
      return probe({ ...monitor, url: monitor.url ?? "", timeoutMs });
    case "tcp":
      return probeTcp({ host: monitor.host ?? "", port: monitor.port ?? 0, timeoutMs });
    case "tls":
      return probeTls({ host: monitor.host ?? "", port: monitor.port ?? 443, timeoutMs, tlsAllowUntrusted: monitor.tlsAllowUntrusted, tlsExpiryDays: monitor.tlsExpiryDays });
    case "heartbeat":
      return judgeHeartbeat(monitor, now);
  }
}

/**
 * When a check counts as having happened: the moment it was due, if it started within a few
 * ticks of that, else when it started. Dated when it finished (as before), each check came
 * due a probe's duration late and so a whole tick late: a 10 s monitor on the 10 s tick was
 * probed every 20 s. On the due grid, checks are an interval apart and never drift; each
 * runs within one tick (1 s) of its time.
 */
function slotOf(monitor: Pick<Monitor, "lastCheckedAt" | "intervalSeconds">, startedAt: Date): Date {
  if (!monitor.lastCheckedAt) return startedAt;
  const due = monitor.lastCheckedAt.getTime() + monitor.intervalSeconds * 1000;
  const late = startedAt.getTime() - due;
  return late >= 0 && late < SLOT_SLACK_MS ? new Date(due) : startedAt;
}
const SLOT_SLACK_MS = 5_000;

/** Probes every due monitor (or the given ones) with bounded concurrency; returns how many ran. */
export async function runDueProbes(options: { now?: Date; only?: Monitor[] } = {}): Promise<number> {
  const queue = options.only ?? (await dueMonitors(options.now ?? new Date()));
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const monitor = queue[next++]!;
      const startedAt = options.now ?? new Date();
      const result = await checkMonitor(monitor, startedAt);
      if (!result) continue;
      if (monitor.type === "heartbeat") {
        // Judged on every tick near a deadline, but a check is stored only once per interval
        // (uptime), or when the verdict changes the state.
        const intervalDue = !monitor.lastCheckedAt || monitor.lastCheckedAt.getTime() + monitor.intervalSeconds * 1000 <= startedAt.getTime();
        const nextState = result.ok ? "up" : "down";
        if (!intervalDue && nextState === monitor.status) continue;
        await recordProbe(monitor, result, startedAt);
        continue;
      }
      await recordProbe(monitor, result, slotOf(monitor, startedAt));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
  return queue.length;
}
