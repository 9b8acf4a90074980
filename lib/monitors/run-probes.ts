import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { monitorChecks, monitorIncidents, monitors, type Monitor } from "../db/schema";
import { probe, type ProbeResult } from "./probe";

// The probe job (one instance at a time, under the scheduler's advisory lock): every due
// monitor is probed, at most CONCURRENCY at once; each result is stored, and a change of
// state moves the monitor's status/status_since and opens (down) or resolves (up) an incident.

const CONCURRENCY = 8;

/** Stores one probe result and applies the state change, in one transaction. */
export async function recordProbe(monitor: Pick<Monitor, "id" | "status">, result: ProbeResult, at = new Date()): Promise<"up" | "down"> {
  const next = result.ok ? "up" : "down";
  await getDb().transaction(async (tx) => {
    await tx.insert(monitorChecks).values({ monitorId: monitor.id, checkedAt: at, ok: result.ok, statusCode: result.statusCode, latencyMs: result.latencyMs, error: result.error });
    const [current] = await tx.select({ status: monitors.status }).from(monitors).where(eq(monitors.id, monitor.id)).for("update");
    if (!current) return; // deleted meanwhile
    if (current.status === next) {
      await tx.update(monitors).set({ lastCheckedAt: at }).where(eq(monitors.id, monitor.id));
      return;
    }
    await tx.update(monitors).set({ status: next, statusSince: at, lastCheckedAt: at }).where(eq(monitors.id, monitor.id));
    if (next === "down") {
      await tx.insert(monitorIncidents).values({ monitorId: monitor.id, startedAt: at, cause: result.error ?? "down" });
    } else {
      await tx
        .update(monitorIncidents)
        .set({ resolvedAt: at })
        .where(and(eq(monitorIncidents.monitorId, monitor.id), isNull(monitorIncidents.resolvedAt)));
    }
  });
  return next;
}

/** Monitors whose interval has elapsed since their last check (or never checked). */
async function dueMonitors(now: Date): Promise<Monitor[]> {
  return getDb()
    .select()
    .from(monitors)
    .where(and(eq(monitors.enabled, true), sql`(${monitors.lastCheckedAt} IS NULL OR ${monitors.lastCheckedAt} + make_interval(secs => ${monitors.intervalSeconds}) <= ${now})`));
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
      const result = await probe(monitor);
      await recordProbe(monitor, result, slotOf(monitor, startedAt));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
  return queue.length;
}
