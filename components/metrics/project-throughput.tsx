import type { ProjectThroughput } from "@/lib/runs/throughput";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatNumber } from "@/lib/ui/format";
import { fmtPercent } from "./format";

export function ProjectThroughputCard({ rows }: { rows: ProjectThroughput[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Runs per project</CardTitle>
        <CardDescription>Throughput (runs created) and failure rate (failed ÷ finished) in this range, counted in whole hours (UTC).</CardDescription>
      </CardHeader>
      <CardContent>
        {rows.length === 0 ? (
          <EmptyState title="No runs in this range" />
        ) : (
          <Table scrollLabel="Run throughput per project">
            <TableHeader>
              <tr>
                <TableHead>Project</TableHead>
                <TableHead>Runs</TableHead>
                <TableHead>Per hour</TableHead>
                <TableHead>Failed</TableHead>
                <TableHead>Failure rate</TableHead>
              </tr>
            </TableHeader>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.slug}>
                  <TableCell>{r.name}</TableCell>
                  <TableCell className="tabular-nums">{formatNumber(r.created)}</TableCell>
                  <TableCell className="tabular-nums">{r.perHour.toFixed(1)}</TableCell>
                  <TableCell className="tabular-nums">{formatNumber(r.failed)}</TableCell>
                  <TableCell className="tabular-nums">{fmtPercent(r.failureRate)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
