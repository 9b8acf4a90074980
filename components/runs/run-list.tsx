import { Link } from "@/components/ui/link";
import { Badge, RunStatusBadge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { RowsSkeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { InvalidCursor, readPage } from "@/lib/db/keyset";
import type { AccessContext } from "@/lib/auth/principal";
import type { RunDto } from "@/lib/runs/dto";
import { listRunsForProject } from "@/lib/runs/queries";
import { formatRunDuration } from "@/lib/ui/run-format";
import { projectHref, sinceFor, type RunListSearch } from "@/app/(console)/projects/search-params";
import { Time } from "@/components/ui/time";
import { Pagination, pageLabelsFor } from "@/components/ui/pagination";
import { SortHead } from "@/components/ui/sort-head";
import { RUN_SORTS, type RunSort } from "@/lib/runs/schemas";
import { sortLink, sortState } from "@/lib/search-params/sort";
import { pageLinks } from "@/lib/search-params/page-trail";

const PAGE_SIZE = 50;

/** A keyset page of the project's runs, newest first unless sorted; Older follows the cursor, Newer the trail back. */
export async function RunList({ access, slug, filters }: { access: AccessContext; slug: string; filters: RunListSearch }) {
  const filtersKept = { status: filters.status, range: filters.range, q: filters.q };
  const kept = { ...filtersKept, sort: filters.sort, order: filters.order };
  const sort = sortState(RUN_SORTS, filters.sort, filters.order);
  // A header click starts again at the first page of the new order.
  const sortHref = (key: RunSort) => projectHref(slug, { ...filtersKept, ...sortLink(RUN_SORTS, "created", sort, key) });
  const page = await readPage(() =>
    listRunsForProject(
      access,
      slug,
      { status: filters.status ? [filters.status] : undefined, since: sinceFor(filters.range), q: filters.q ?? undefined, fields: undefined, sort: sort.key, order: sort.direction },
      { limit: PAGE_SIZE, cursor: filters.cursor ?? undefined },
    ),
  );
  const first = projectHref(slug, kept);
  if (page === InvalidCursor) {
    return <EmptyState title="This page link is no longer valid" action={<Link href={first} className={buttonClasses({ variant: "outline" })}>{sort.key === "created" && sort.direction === "desc" ? "Back to the newest runs" : "Back to the first page"}</Link>} />;
  }
  const runs = page.data as RunDto[];
  if (runs.length === 0) {
    return filters.status || filters.q || filters.range !== "all" || filters.cursor ? (
      <EmptyState title="No runs match these filters" action={<Link href={projectHref(slug, {})} className={buttonClasses({ variant: "outline" })}>Clear the filters</Link>} />
    ) : (
      <EmptyState title="No runs yet" description={`Runs appear here once an integration reports them (POST /api/v1/projects/${slug}/runs).`} />
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Status</TableHead>
            <SortHead label="Run" sortKey="name" sort={sort} href={sortHref} />
            <TableHead>Kind</TableHead>
            <SortHead label="Created" sortKey="created" sort={sort} href={sortHref} />
            <TableHead className="text-right">Duration</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {runs.map((run) => (
            <TableRow key={run.id} data-run-id={run.id}>
              <TableCell>
                <div className="flex items-center gap-1">
                  <RunStatusBadge status={run.status} />
                  {run.cancelRequestedAt && run.status === "running" ? <Badge tone="warning">cancel requested</Badge> : null}
                </div>
              </TableCell>
              <TableCell className="max-w-[14rem] sm:max-w-[28rem]">
                <Link href={`/projects/${slug}/runs/${run.id}`} className="block truncate font-medium underline-offset-4 hover:underline" title={run.name}>
                  {run.name}
                </Link>
                {run.externalId ? <p className="truncate font-mono text-xs text-muted-foreground">{run.externalId}</p> : null}
              </TableCell>
              <TableCell className="text-muted-foreground">{run.kind}</TableCell>
              <TableCell className="whitespace-nowrap text-muted-foreground">
                <Time iso={run.createdAt} />
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatRunDuration(run.durationMs)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Pagination links={pageLinks(filters.cursor, filters.prev, page.nextCursor)} hrefFor={(step) => projectHref(slug, { ...kept, ...step })} pageSize={PAGE_SIZE} shown={runs.length} noun="runs" labels={pageLabelsFor(sort.key === "created", sort.direction)} />
    </div>
  );
}

export function RunListSkeleton() {
  return <RowsSkeleton label="Loading runs…" rows={8} rowClassName="h-10 rounded-md bg-muted/60" />;
}
