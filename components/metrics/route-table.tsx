import { Link } from "@/components/ui/link";
import { SortHead } from "@/components/ui/sort-head";
import type { RouteRow } from "@/lib/metrics/history";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { fmtPercent, fmtRate, fmtSeconds } from "./format";

export const SORT_KEYS = ["route", "rate", "errors", "p50", "p95", "p99"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
/** What a header or a route link changes in the page's URL. */
export type RouteTableLink = { sort: SortKey; dir: "asc" | "desc" } | { route: string };

const value = (r: RouteRow, key: SortKey): number | string => (key === "route" ? r.route : key === "rate" ? r.count : key === "errors" ? (r.errorRate ?? -1) : (r[key] ?? -1));

function sortRoutes(rows: RouteRow[], key: SortKey, dir: "asc" | "desc"): RouteRow[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a, key);
    const y = value(b, key);
    return (x < y ? -1 : x > y ? 1 : 0) * sign;
  });
}

/** Per-route table; headers are links (sort lives in the URL), routes link to the route view. */
export function RouteTable({ rows, sort, dir, hrefFor }: { rows: RouteRow[]; sort: SortKey; dir: "asc" | "desc"; hrefFor: (change: RouteTableLink) => string }) {
  if (rows.length === 0) return <EmptyState title="No requests in this range" description="Requests are flushed once a minute; widen the range or wait a minute." />;
  const current = { key: sort, direction: dir };
  // The active column toggles; another starts largest (or Z→A) first, as /metrics always has.
  const href = (key: SortKey) => hrefFor({ sort: key, dir: key === sort && dir === "desc" ? "asc" : "desc" });
  const header = (key: SortKey, label: string) => <SortHead label={label} sortKey={key} sort={current} href={href} />;
  return (
    <Table>
      <TableHeader>
        <tr>
          {header("route", "Route")}
          <TableHead>Method</TableHead>
          {header("rate", "Rate")}
          {header("errors", "Errors")}
          {header("p50", "p50")}
          {header("p95", "p95")}
          {header("p99", "p99")}
        </tr>
      </TableHeader>
      <TableBody>
        {sortRoutes(rows, sort, dir).map((r) => (
          <TableRow key={`${r.route} ${r.method}`}>
            <TableCell className="font-mono text-xs">
              <Link href={hrefFor({ route: r.route })} className="hover:underline">
                {r.route}
              </Link>
            </TableCell>
            <TableCell>{r.method}</TableCell>
            <TableCell className="tabular-nums">{fmtRate(r.ratePerSecond)}</TableCell>
            <TableCell className="tabular-nums">{fmtPercent(r.errorRate)}</TableCell>
            <TableCell className="tabular-nums">{fmtSeconds(r.p50)}</TableCell>
            <TableCell className="tabular-nums">{fmtSeconds(r.p95)}</TableCell>
            <TableCell className="tabular-nums">{fmtSeconds(r.p99)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
