import type { RouteSlowQuery } from "@/lib/metrics/history";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatNumber } from "@/lib/ui/format";

/** Slow queries this route issued (from the slow-query recorder's per-minute table). */
export function RouteSlowQueries({ rows }: { rows: RouteSlowQuery[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Slow queries from this route</CardTitle>
        <CardDescription>Queries slower than SLOW_QUERY_MS issued while serving it, in this range.</CardDescription>
      </CardHeader>
      <CardContent>
        {rows.length === 0 ? (
          <EmptyState title="No slow queries from this route" />
        ) : (
          <Table>
            <TableHeader>
              <tr>
                <TableHead>Query</TableHead>
                <TableHead>Calls</TableHead>
                <TableHead>Total</TableHead>
                <TableHead>Max</TableHead>
              </tr>
            </TableHeader>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.fingerprint}>
                  <TableCell className="max-w-xl truncate font-mono text-xs">{r.query ?? r.fingerprint}</TableCell>
                  <TableCell className="tabular-nums">{formatNumber(r.calls)}</TableCell>
                  <TableCell className="tabular-nums">{Math.round(r.totalMs)} ms</TableCell>
                  <TableCell className="tabular-nums">{Math.round(r.maxMs)} ms</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
