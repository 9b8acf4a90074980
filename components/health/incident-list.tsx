import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { IncidentEntry } from "@/lib/monitors/queries";
import { formatDuration } from "@/lib/ui/format";
import { Time } from "@/components/ui/time";

export function IncidentList({ incidents }: { incidents: IncidentEntry[] }) {
  if (incidents.length === 0) return <EmptyState title="No incidents" description="When a monitor goes down, the outage is listed here until it recovers." />;
  return (
    <Table scrollLabel="Monitor incidents">
      <TableHeader>
        <tr>
          <TableHead>Service</TableHead>
          <TableHead>Started</TableHead>
          <TableHead>State</TableHead>
          <TableHead>Cause</TableHead>
        </tr>
      </TableHeader>
      <TableBody>
        {incidents.map((i) => (
          <TableRow key={i.id}>
            <TableCell>{i.monitorName}</TableCell>
            <TableCell><Time iso={i.startedAt} /></TableCell>
            <TableCell>
              {i.resolvedAt ? (
                <Badge tone="success">resolved after {formatDuration((new Date(i.resolvedAt).getTime() - new Date(i.startedAt).getTime()) / 1000)}</Badge>
              ) : (
                <Badge tone="danger">ongoing</Badge>
              )}
            </TableCell>
            <TableCell className="text-muted-foreground">{i.cause}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
