import "server-only";
import type { DbOrTx } from "../db/client";
import { monitorChecks, monitors, statusPageComponentMonitors, statusPageComponents, statusPageIncidents, statusPages, statusPageUpdates } from "../db/schema";
import { consoleUrl } from "../notifications/message";

// The demo's public status page (/status/demo): monitors that probe the console's own health
// endpoints (up), a loopback port nothing listens on (down: a real partial outage once the
// probe job runs), and a heartbeat this seed pings, with 30 days of hourly check history and
// one incident with its updates.

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const CLOSED_PORT = 9; // discard: not listened on by default

export async function insertDemoStatus(tx: DbOrTx, now: Date): Promise<{ monitors: number; pages: number }> {
  const defs = [
    { name: "Console liveness", type: "http" as const, url: consoleUrl("/api/health/live"), keyword: "ok" },
    { name: "Console readiness", type: "http" as const, url: consoleUrl("/api/health/ready"), degradedMs: 1000 },
    { name: "Legacy mail relay", type: "tcp" as const, host: "127.0.0.1", port: CLOSED_PORT, timeoutMs: 2000 },
    { name: "Nightly backup", type: "heartbeat" as const, heartbeatPeriodSeconds: 86_400, heartbeatGraceSeconds: 3_600, intervalSeconds: 86_400, lastPingAt: new Date(now.getTime() - 20 * 60_000), lastPingFailed: false, status: "up" as const },
  ];
  const inserted = await tx
    .insert(monitors)
    .values(defs.map((d) => ({ intervalSeconds: 60, ...d, createdAt: new Date(now.getTime() - 30 * DAY_MS), statusSince: new Date(now.getTime() - 2 * DAY_MS) })))
    .onConflictDoNothing()
    .returning({ id: monitors.id, name: monitors.name, type: monitors.type });
  if (inserted.length < defs.length) return { monitors: inserted.length, pages: 0 };
  const id = (name: string) => inserted.find((m) => m.name === name)!.id;

  // History: hourly for 30 days, every 10 minutes over the last 24 h, so every slot of /health's
  // 30-minute status bar has checks (hourly checks left every other slot grey, as if no probe
  // ran). The mail relay has been unreachable for the last two days.
  const checks = [];
  const STEP_MS = 10 * 60_000;
  for (let ago = 30 * DAY_MS; ago >= STEP_MS; ago -= ago > DAY_MS ? HOUR_MS : STEP_MS) {
    const at = new Date(now.getTime() - ago);
    const h = ago / HOUR_MS;
    for (const m of inserted) {
      const ok = m.name === "Legacy mail relay" ? h > 48 : true;
      // A daily swell of 20–50 ms, like a service under its day's traffic.
      const latencyMs = m.type === "heartbeat" ? 0 : Math.round(35 + 15 * Math.sin((2 * Math.PI * h) / 24) + ((h * 7) % 5));
      checks.push({ monitorId: m.id, checkedAt: at, ok, statusCode: m.type === "http" ? 200 : null, latencyMs, error: ok ? null : "ECONNREFUSED" });
    }
  }
  for (let i = 0; i < checks.length; i += 1000) await tx.insert(monitorChecks).values(checks.slice(i, i + 1000));

  const [page] = await tx
    .insert(statusPages)
    .values({ slug: "demo", title: "Opsdeck demo", description: "The demo's own services, probed by the console itself.", footer: "Demo data: the mail relay is down on purpose." })
    .onConflictDoNothing()
    .returning({ id: statusPages.id });
  if (!page) return { monitors: inserted.length, pages: 0 };
  const components = [
    { groupName: "Console", displayName: "Web console", monitors: ["Console liveness"] },
    { groupName: "Console", displayName: "API", monitors: ["Console readiness"] },
    { groupName: "Integrations", displayName: "Mail relay", monitors: ["Legacy mail relay"] },
    { groupName: "Integrations", displayName: "Nightly backups", monitors: ["Nightly backup"] },
  ];
  const rows = await tx
    .insert(statusPageComponents)
    .values(components.map((c, position) => ({ pageId: page.id, groupName: c.groupName, displayName: c.displayName, position })))
    .returning({ id: statusPageComponents.id, displayName: statusPageComponents.displayName });
  await tx.insert(statusPageComponentMonitors).values(components.flatMap((c) => c.monitors.map((m) => ({ componentId: rows.find((r) => r.displayName === c.displayName)!.id, monitorId: id(m) }))));
  const [incident] = await tx
    .insert(statusPageIncidents)
    .values({ pageId: page.id, title: "Mail relay unreachable", impact: "minor", status: "identified", createdAt: new Date(now.getTime() - 47 * HOUR_MS) })
    .returning({ id: statusPageIncidents.id });
  await tx.insert(statusPageUpdates).values([
    { statusIncidentId: incident!.id, status: "investigating", message: "Outgoing notification mail is delayed; we are looking into it.", createdAt: new Date(now.getTime() - 47 * HOUR_MS) },
    { statusIncidentId: incident!.id, status: "identified", message: "The legacy relay is retired; mail moves to the new provider this week.", createdAt: new Date(now.getTime() - 30 * HOUR_MS) },
  ]);
  return { monitors: inserted.length, pages: 1 };
}
