import type { ReactNode } from "react";
import { Sparkline } from "@/components/charts/sparkline";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import type { MonitorBoardEntry } from "@/lib/monitors/queries";
import { MonitorAdminButtons } from "./monitor-admin-buttons";
import { StatusBar } from "./status-bar";
import { Time } from "@/components/ui/time";

const pct = (v: number | null) => (v === null ? "no data" : `${(v * 100).toFixed(v === 1 ? 0 : 2)}%`);
const TONE = { up: "success", degraded: "warning", down: "danger", pending: "neutral" } as const;

/** What a monitor watches, in one line. */
function describeTarget(m: MonitorBoardEntry): ReactNode {
  switch (m.type) {
    case "http":
      return `${m.method} ${m.url}${m.jsonPath ? ` · ${m.jsonPath} == ${m.jsonExpected ?? "true"}` : ""}${m.degradedMs ? ` · degraded over ${m.degradedMs} ms` : ""}`;
    case "tcp":
      return `tcp ${m.host}:${m.port}`;
    case "tls":
      return `tls ${m.host}:${m.port}${m.tls ? ` · expires in ${m.tls.daysLeft} days · ${m.tls.issuer}${m.tls.chainValid ? "" : " · chain not trusted"}` : ""}`;
    case "heartbeat":
      return (
        <>
          heartbeat {m.heartbeatCron ? `cron ${m.heartbeatCron}` : `every ${m.heartbeatPeriodSeconds} s`} + {m.heartbeatGraceSeconds} s grace
          {m.lastPingAt ? <> · last ping <Time iso={m.lastPingAt} /></> : " · no ping yet"}
        </>
      );
  }
}

/** `muted`: monitors an active silence or maintenance window matches, with what mutes them. */
export function MonitorList({ monitors, isAdmin, muted = new Map() }: { monitors: MonitorBoardEntry[]; isAdmin: boolean; muted?: Map<string, string> }) {
  if (monitors.length === 0) {
    return <EmptyState title="No services monitored yet" description={isAdmin ? "Add an HTTP target below; the console probes it from its own network." : "An admin can register HTTP targets to probe."} />;
  }
  return (
    <ul className="flex flex-col divide-y">
      {monitors.map((m) => (
        <li key={m.id} className="flex flex-col gap-2 py-4" data-testid="monitor">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="font-medium">{m.name}</h3>
            <Badge tone={TONE[m.status]}>{m.enabled ? m.status : "paused"}</Badge>
            {muted.has(m.id) ? (
              <Badge tone="outline" title={muted.get(m.id)}>
                alerts muted
              </Badge>
            ) : null}
            <span className="font-mono text-xs text-muted-foreground">{describeTarget(m)}</span>
            {isAdmin ? (
              <span className="ml-auto">
                <MonitorAdminButtons monitor={m} />
              </span>
            ) : null}
          </div>
          <p className="text-sm text-muted-foreground">
            {m.openIncidentSince ? (
              <span className="font-medium text-danger-text">
                Down since <Time iso={m.openIncidentSince} />.{" "}
              </span>
            ) : m.status === "up" ? (
              <>
                Up since <Time iso={m.statusSince} />.{" "}
              </>
            ) : m.status === "degraded" ? (
              <>
                Degraded since <Time iso={m.statusSince} />.{" "}
              </>
            ) : (
              "Waiting for the first probe. "
            )}
            Uptime 24 h {pct(m.uptime.h24)} · 7 d {pct(m.uptime.d7)} · 30 d {pct(m.uptime.d30)}
            {m.lastCheckedAt ? (
              <>
                {" "}
                · last checked <Time iso={m.lastCheckedAt} />
              </>
            ) : null}
          </p>
          <StatusBar slots={m.bar} />
          {/* A heartbeat is a ping the service sends: there is no response time to draw. */}
          {m.type === "heartbeat" ? null : <Sparkline data={m.bar.map((s) => ({ t: s.start, v: s.avgLatencyMs }))} />}
        </li>
      ))}
    </ul>
  );
}
