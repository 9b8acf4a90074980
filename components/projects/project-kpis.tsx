import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { AccessContext } from "@/lib/auth/principal";
import { getProjectRunStats, STATS_WINDOW_HOURS } from "@/lib/runs/stats";
import { cn } from "@/lib/ui/cn";
import { formatNumber } from "@/lib/ui/format";
import { formatRate, formatRunDuration } from "@/lib/ui/run-format";

function verdict(total: number, failed: number): string {
  if (total === 0) return `No runs in the last ${STATS_WINDOW_HOURS} hours.`;
  if (failed === 0) return `No failed runs in the last ${STATS_WINDOW_HOURS} hours.`;
  return `${formatNumber(failed)} of ${formatNumber(total)} runs failed in the last ${STATS_WINDOW_HOURS} hours.`;
}

const SUCCESS_HINT = (succeeded: string, failed: string) => `${succeeded} succeeded, ${failed} failed; cancelled runs not counted`;

/** A figure's card; `loading` draws the same card with pulsing blocks where the numbers go, so nothing moves when they arrive. */
function Kpi({ label, value, hint, loading = false }: { label: string; value: string; hint?: string; loading?: boolean }) {
  const pulse = loading && "animate-pulse rounded bg-muted text-transparent";
  return (
    <Card>
      <CardHeader className="pb-1">
        <CardTitle className="font-medium text-muted-foreground">{label}</CardTitle>
      </CardHeader>
      <CardContent>
        <p aria-hidden={loading || undefined} className={cn("text-2xl font-semibold tabular-nums", loading && "w-16", pulse)}>{value}</p>
        {hint ? <p aria-hidden={loading || undefined} className={cn("mt-1 text-xs text-muted-foreground", pulse)}>{hint}</p> : null}
      </CardContent>
    </Card>
  );
}

const KPI_LABELS = ["Runs (24 h)", "Success rate", "p50 duration", "p95 duration"] as const;

/** The project's last-24-hours numbers, from the cached aggregate (lib/runs/stats.ts). */
export async function ProjectKpis({ access, slug }: { access: AccessContext; slug: string }) {
  const stats = await getProjectRunStats(access, slug);
  return (
    <section aria-label="Last 24 hours" className="flex flex-col gap-3">
      <p className="text-sm font-medium">{verdict(stats.total, stats.failed)}</p>
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Kpi label={KPI_LABELS[0]} value={formatNumber(stats.total)} />
        <Kpi label={KPI_LABELS[1]} value={formatRate(stats.successRate)} hint={SUCCESS_HINT(formatNumber(stats.succeeded), formatNumber(stats.failed))} />
        <Kpi label={KPI_LABELS[2]} value={formatRunDuration(stats.p50Ms)} />
        <Kpi label={KPI_LABELS[3]} value={formatRunDuration(stats.p95Ms)} />
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
        {KPI_LABELS.map((label, i) => (
          <Kpi key={label} label={label} value="0" hint={i === 1 ? SUCCESS_HINT("000", "00") : undefined} loading />
        ))}
      </div>
    </div>
  );
}
