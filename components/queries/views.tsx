import { Link } from "@/components/ui/link";
import type { ReactNode } from "react";
import { metricsHref } from "@/app/(console)/metrics/search-params";
import { queriesHref, type QueriesSearch } from "@/app/(console)/queries/search-params";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ExplainButton } from "./explain-button";
import { SqlText } from "./sql-text";
import { formatMillis } from "@/lib/ui/format";

// Shared pieces of the /queries tabs.

export const ms = formatMillis;
export const pct = (n: number | null) => (n === null ? "—" : `${(n * 100).toLocaleString("en-US", { maximumFractionDigits: 1 })}%`);

export function QueryCell({ text, explain, children }: { text: string; explain: { source: "recorded" | "statements"; id: string } | null; children?: ReactNode }) {
  return (
    <TableCell className="max-w-[36rem] min-w-[20rem] align-top">
      <SqlText text={text} previewChars={240} />
      {children}
      {explain ? (
        <div className="mt-2">
          <ExplainButton source={explain.source} id={explain.id} />
        </div>
      ) : null}
    </TableCell>
  );
}

export function RouteLinks({ routes, search }: { routes: { route: string; calls: number }[]; search: QueriesSearch }) {
  if (routes.length === 0) return null;
  return (
    <ul className="mt-1 flex flex-col gap-0.5 text-xs">
      {routes.map((r) => (
        <li key={r.route}>
          <span className="text-muted-foreground">from </span>
          <Link className="font-mono underline-offset-2 hover:underline" href={metricsHref({ route: r.route })}>
            {r.route}
          </Link>
          <span className="text-muted-foreground"> · {r.calls.toLocaleString("en-US")} calls · </span>
          <Link className="underline-offset-2 hover:underline" href={queriesHref({ ...search, route: r.route, tab: "recorded" })}>
            only this route
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function Panel({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        {description ? <CardDescription>{description}</CardDescription> : null}
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

export function ErrorPanel({ what }: { what: string }) {
  return (
    <div role="alert" className="rounded-md border border-destructive px-4 py-3 text-sm text-danger-text">
      {what} could not be loaded. The database may be busy or unavailable; reload to try again.
    </div>
  );
}

export function TableSkeleton({ rows = 5 }: { rows?: number }) {
  return (
    <div className="flex flex-col gap-2" aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="h-10 animate-pulse rounded-md bg-muted" />
      ))}
    </div>
  );
}

export { SortHead } from "@/components/ui/sort-head";
export { EmptyState, Table, TableBody, TableCell, TableHead, TableHeader, TableRow };
