import { Cron } from "croner";
import type { Monitor } from "../db/schema";
import type { ProbeResult } from "./probe";

// A heartbeat is judged, not probed: at `now`, did the job check in when it should have?
// Period: a ping within period + grace of the last one (or of when the monitor started).
// Cron: a ping no earlier than grace before the latest scheduled run that is more than
// grace old. A /fail ping is down until the next good ping.

export type HeartbeatFacts = Pick<Monitor, "heartbeatPeriodSeconds" | "heartbeatCron" | "heartbeatGraceSeconds" | "lastPingAt" | "lastPingFailed" | "statusSince" | "createdAt">;

/** up / down with a reason, or null while nothing can be said yet (no ping, not yet late). */
export function judgeHeartbeat(m: HeartbeatFacts, now: Date): ProbeResult | null {
  const graceMs = m.heartbeatGraceSeconds * 1000;
  const result = (ok: boolean, error: string | null): ProbeResult => ({ ok, statusCode: null, latencyMs: 0, error });
  if (m.lastPingAt && m.lastPingFailed) return result(false, "the job reported a failure");
  if (m.heartbeatCron) {
    const cron = new Cron(m.heartbeatCron, { paused: true, timezone: "UTC" });
    const [due] = cron.previousRuns(1, new Date(now.getTime() - graceMs));
    // Nothing was due since the monitor was created: no verdict yet unless it has pinged.
    if (!due || due.getTime() < m.createdAt.getTime()) return m.lastPingAt ? result(true, null) : null;
    if (!m.lastPingAt || m.lastPingAt.getTime() < due.getTime() - graceMs) return result(false, `no ping for the run due at ${due.toISOString()}`);
    return result(true, null);
  }
  const periodMs = (m.heartbeatPeriodSeconds ?? 60) * 1000;
  const since = m.lastPingAt ?? m.createdAt;
  if (now.getTime() > since.getTime() + periodMs + graceMs) return result(false, m.lastPingAt ? `no ping since ${m.lastPingAt.toISOString()}` : "no ping yet");
  return m.lastPingAt ? result(true, null) : null;
}
