import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { BackgroundJobDto } from "@/lib/system/jobs";
import { formatDuration, formatNumber } from "@/lib/ui/format";
import { Time } from "@/components/ui/time";

export function JobsTable({ jobs }: { jobs: BackgroundJobDto[] }) {
  if (jobs.length === 0) return <EmptyState title="No background jobs registered" description="Features that run periodic work register it at boot." />;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Job</TableHead>
          <TableHead>Every</TableHead>
          <TableHead>Last run</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Lock holder</TableHead>
          <TableHead>Runs</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {jobs.map((j) => (
          <TableRow key={j.name}>
            <TableCell>
              <span className="font-mono text-xs">{j.name}</span>
              {j.everyInstance ? <div className="text-xs text-muted-foreground">every instance</div> : null}
              {!j.registered ? <div className="text-xs text-muted-foreground">not registered here</div> : null}
            </TableCell>
            <TableCell>{j.intervalMs ? formatDuration(Math.round(j.intervalMs / 1000)) : "—"}</TableCell>
            <TableCell className="whitespace-nowrap">{j.lastStartedAt ? <Time iso={j.lastStartedAt} /> : <span className="text-muted-foreground">never</span>}</TableCell>
            <TableCell>
              {j.holder ? (
                <Badge tone="info">running</Badge>
              ) : j.lastStatus ? (
                <Badge tone={j.lastStatus === "ok" ? "success" : "danger"} title={j.lastError ?? undefined}>
                  {j.lastStatus}
                </Badge>
              ) : (
                <span className="text-muted-foreground">—</span>
              )}
            </TableCell>
            <TableCell className="font-mono text-xs">{j.holder ?? <span className="font-sans text-muted-foreground">none</span>}</TableCell>
            <TableCell>{formatNumber(j.runCount)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
