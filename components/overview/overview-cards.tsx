import type { AccessContext } from "@/lib/auth/principal";
import { getOverviewStats } from "@/lib/overview/stats";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatNumber } from "@/lib/ui/format";
import { RecentFailures } from "./recent-failures";
import { StatusBreakdown } from "./status-breakdown";

function verdict(failed24h: number, runsTotal: number): string {
  if (runsTotal === 0) return "No runs have been reported yet.";
  if (failed24h === 0) return "No failed runs in the last 24 hours.";
  return `${formatNumber(failed24h)} run${failed24h === 1 ? "" : "s"} failed in the last 24 hours.`;
}

function BigNumber({ value, label }: { value: number; label: string }) {
  return (
    <p className="flex items-baseline gap-2">
      <span className="text-3xl font-semibold tabular-nums">{formatNumber(value)}</span>
      <span className="text-sm text-muted-foreground">{label}</span>
    </p>
  );
}

/** The overview's data part: awaited inside a Suspense boundary, after the page's auth check. */
export async function OverviewCards({ access }: { access: AccessContext }) {
  const stats = await getOverviewStats(access);
  const { projects, runs, last24h } = stats;
  const noProjects = projects.active + projects.archived === 0;
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm font-medium">{verdict(last24h.byStatus.failed, runs.total)}</p>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Projects</CardTitle>
          </CardHeader>
          <CardContent>
            {noProjects ? (
              <EmptyState title="No projects yet" description="Integrations create projects through the API (POST /api/v1/projects)." />
            ) : (
              <>
                <BigNumber value={projects.active} label="active" />
                <p className="mt-1 text-sm text-muted-foreground">{formatNumber(projects.archived)} archived</p>
              </>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Runs</CardTitle>
          </CardHeader>
          <CardContent>
            {runs.total === 0 ? (
              <EmptyState title="No runs yet" description="Runs appear here once an integration reports them." />
            ) : (
              <>
                <BigNumber value={runs.total} label="in total" />
                <p className="mt-1 text-sm text-muted-foreground">{formatNumber(last24h.total)} in the last 24 hours</p>
              </>
            )}
          </CardContent>
        </Card>
        <Card className="md:col-span-2">
          <CardHeader>
            <CardTitle>Runs in the last 24 hours</CardTitle>
            <CardDescription>By status, counted from when each run was created.</CardDescription>
          </CardHeader>
          <CardContent>
            {last24h.total === 0 ? (
              <EmptyState title="No runs in the last 24 hours" />
            ) : (
              <StatusBreakdown byStatus={last24h.byStatus} total={last24h.total} />
            )}
          </CardContent>
        </Card>
        <Card className="md:col-span-2">
          <CardHeader>
            <CardTitle>Recent failures</CardTitle>
            <CardDescription>The ten newest failed runs across all projects.</CardDescription>
          </CardHeader>
          <CardContent>
            <RecentFailures failures={stats.recentFailures} />
          </CardContent>
        </Card>
      </div>
    </div>
  );
}

/** Same grid, no numbers: what shows while the counts load. */
export function OverviewCardsSkeleton() {
  return (
    <div className="flex flex-col gap-4" aria-busy="true">
      <span className="sr-only">Loading the overview…</span>
      <div className="h-5 w-64 animate-pulse rounded bg-muted" />
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        {["h-32", "h-32", "h-36 md:col-span-2", "h-64 md:col-span-2"].map((size, i) => (
          <div key={i} className={`${size} animate-pulse rounded-lg border bg-muted/40`} />
        ))}
      </div>
    </div>
  );
}
