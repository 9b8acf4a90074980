import { ActiveMutesSummary, mutedMonitorIds } from "@/components/alerts/active-mutes";
import { ConsoleComponents } from "@/components/health/console-components";
import { IncidentList } from "@/components/health/incident-list";
import { MonitorForm } from "@/components/health/monitor-form";
import { MonitorList } from "@/components/health/monitor-list";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { hasRole, type AccessContext } from "@/lib/auth/principal";
import { getHealthSummary } from "@/lib/health/summary";
import { getMonitorBoard } from "@/lib/monitors/queries";

/** The /health page's data part: the console's components, the monitors, their incidents. */
export async function HealthBoard({ access }: { access: AccessContext }) {
  const [summary, board] = await Promise.all([getHealthSummary(), getMonitorBoard(access)]);
  const down = board.monitors.filter((m) => m.enabled && m.status === "down");
  const isAdmin = hasRole(access.principal, "admin");
  const muted = await mutedMonitorIds(access, board.monitors);
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm font-medium">
        {down.length === 0 ? (board.monitors.length === 0 ? "No services monitored yet." : `All ${board.monitors.filter((m) => m.enabled).length} monitored services are up or pending.`) : `${down.length} service${down.length === 1 ? " is" : "s are"} down: ${down.map((m) => m.name).join(", ")}.`}
      </p>
      <ActiveMutesSummary access={access} />
      <Card>
        <CardHeader>
          <CardTitle>Console</CardTitle>
        </CardHeader>
        <CardContent>
          <ConsoleComponents summary={summary} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Services</CardTitle>
          <CardDescription>Status over the last 24 h (grey: no probes ran), uptime counted over the checks that ran, response time.</CardDescription>
        </CardHeader>
        <CardContent>
          <MonitorList monitors={board.monitors} isAdmin={isAdmin} muted={muted} />
        </CardContent>
      </Card>
      {isAdmin ? (
        <Card>
          <CardHeader>
            <CardTitle>Add a monitor</CardTitle>
            <CardDescription>Probes run from the console&apos;s own network, so only admins may register targets; only http(s) URLs are accepted.</CardDescription>
          </CardHeader>
          <CardContent>
            <MonitorForm />
          </CardContent>
        </Card>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle>Incidents</CardTitle>
        </CardHeader>
        <CardContent>
          <IncidentList incidents={board.incidents} />
        </CardContent>
      </Card>
    </div>
  );
}
