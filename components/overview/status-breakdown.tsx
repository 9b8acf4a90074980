import type { RunStatus } from "@/lib/db/schema";
import { RunStatusBadge, RUN_STATUS_TONE, TONE_FILL } from "@/components/ui/badge";
import { formatNumber } from "@/lib/ui/format";
import { cn } from "@/lib/ui/cn";

/** One stacked bar (share of each status) over a legend of badges with counts. No chart library. */
export function StatusBreakdown({ byStatus, total }: { byStatus: Record<RunStatus, number>; total: number }) {
  const entries = Object.entries(byStatus) as [RunStatus, number][];
  const summary = entries.map(([status, n]) => `${n} ${status}`).join(", ");
  return (
    <div className="flex flex-col gap-4">
      <div role="img" aria-label={`Runs in the last 24 hours: ${summary}`} className="flex h-3 w-full overflow-hidden rounded-full bg-muted">
        {entries
          .filter(([, n]) => n > 0)
          .map(([status, n]) => (
            <div key={status} className={cn("h-full", TONE_FILL[RUN_STATUS_TONE[status]])} style={{ width: `${(n / total) * 100}%` }} />
          ))}
      </div>
      <ul className="flex flex-wrap gap-x-5 gap-y-2">
        {entries.map(([status, n]) => (
          <li key={status} className="flex items-center gap-2 text-sm">
            <RunStatusBadge status={status} />
            <span className="font-medium tabular-nums">{formatNumber(n)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
