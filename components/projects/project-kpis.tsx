import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { AccessContext } from "@/lib/auth/principal";
import { getProjectRunStats, STATS_WINDOW_HOURS } from "@/lib/runs/stats";
import { formatNumber } from "@/lib/ui/format";
import { formatRate, formatRunDuration } from "@/lib/ui/run-format";

function verdict(total: number, failed: number): string {
  if (total === 0) return `No runs in the last ${STATS_WINDOW_HOURS} hours.`;
  if (failed === 0) return `No failed runs in the last ${STATS_WINDOW_HOURS} hours.`;
  return `${formatNumber(failed)} of ${formatNumber(total)} runs failed in the last ${STATS_WINDOW_HOURS} hours.`;
}

function Kpi({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Card>
      <CardHeader className="pb-1">
        <CardTitle className="font-medium text-muted-foreground">{label}</CardTitle>
      </CardHeader>
      <CardContent>
        <p className="text-2xl font-semibold tabular-nums">{value}</p>
        {hint ? <p className="mt-1 text-xs text-muted-foreground">{hint}</p> : null}
      </CardContent>
    </Card>
  );
}

/** The project's last-24-hours numbers, from the cached aggregate (lib/runs/stats.ts). */
export async function ProjectKpis({ access, slug }: { access: AccessContext; slug: string }) {
  const stats = await getProjectRunStats(access, slug);
  return (
    <section aria-label="Last 24 hours" className="flex flex-col gap-3">
      <p className="text-sm font-medium">{verdict(stats.total, stats.failed)}</p>
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Kpi label="Runs (24 h)" value={formatNumber(stats.total)} />
        <Kpi label="Success rate" value={formatRate(stats.successRate)} hint={`${formatNumber(stats.succeeded)} succeeded, ${formatNumber(stats.failed)} failed; cancelled runs not counted`} />
        <Kpi label="p50 duration" value={formatRunDuration(stats.p50Ms)} />
        <Kpi label="p95 duration" value={formatRunDuration(stats.p95Ms)} />
      </div>
    </section>
  );
}

export function ProjectKpisSkeleton() {
  return (
    <div aria-busy="true" className="flex flex-col gap-3">
      <span className="sr-only">Loading the project&apos;s figures…</span>
      <div className="h-5 w-72 animate-pulse rounded bg-muted" />
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="h-24 animate-pulse rounded-lg border bg-muted/40" />
        ))}
      </div>
    </div>
  );
}
