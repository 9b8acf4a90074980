import { Link } from "@/components/ui/link";
import type { RecentFailure } from "@/lib/overview/stats";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Time } from "@/components/ui/time";

export function RecentFailures({ failures }: { failures: RecentFailure[] }) {
  if (failures.length === 0) {
    return <EmptyState title="No failed runs" description="When a run reports status failed, it shows up here." />;
  }
  return (
    <Table>
      <TableHeader>
        <TableRow>
          {/* On a phone the project goes under the run's name: three columns do not fit 390 px. */}
          <TableHead className="hidden sm:table-cell">Project</TableHead>
          <TableHead>Run</TableHead>
          <TableHead>Finished</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {failures.map((run) => (
          <TableRow key={run.id}>
            <TableCell className="hidden font-mono text-xs whitespace-nowrap sm:table-cell">{run.projectSlug}</TableCell>
            <TableCell className="max-w-[14rem] truncate sm:max-w-[24rem]" title={run.name}>
              <Link href={`/projects/${run.projectSlug}/runs/${run.id}`} className="underline-offset-4 hover:underline">
                {run.name}
              </Link>
              <div className="truncate font-mono text-xs text-muted-foreground sm:hidden">{run.projectSlug}</div>
            </TableCell>
            <TableCell className="whitespace-nowrap text-muted-foreground">
              {run.finishedAt ? <Time iso={run.finishedAt} /> : "—"}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
