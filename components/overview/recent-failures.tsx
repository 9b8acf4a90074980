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
          <TableHead>Project</TableHead>
          <TableHead>Run</TableHead>
          <TableHead>Finished</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {failures.map((run) => (
          <TableRow key={run.id}>
            <TableCell className="font-mono text-xs">{run.projectSlug}</TableCell>
            <TableCell className="max-w-[24rem] truncate" title={run.name}>
              <Link href={`/projects/${run.projectSlug}/runs/${run.id}`} className="underline-offset-4 hover:underline">
                {run.name}
              </Link>
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
