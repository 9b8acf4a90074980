import { Link } from "@/components/ui/link";
import { Badge, RunStatusBadge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { RowsSkeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AccessContext } from "@/lib/auth/principal";
import { listProjectsWithRunSummary } from "@/lib/projects/summaries";
import { formatNumber } from "@/lib/ui/format";
import { projectsHref, type ProjectListSearch } from "@/app/(console)/projects/search-params";
import { InvalidCursor, readPage } from "@/lib/db/keyset";
import { Time } from "@/components/ui/time";
import { Pagination, pageLabelsFor } from "@/components/ui/pagination";
import { SortHead } from "@/components/ui/sort-head";
import { PROJECT_SORTS, type ProjectSort } from "@/lib/projects/schemas";
import { sortLink, sortState } from "@/lib/search-params/sort";
import { pageLinks } from "@/lib/search-params/page-trail";

const PAGE_SIZE = 25;

export async function ProjectList({ access, params }: { access: AccessContext; params: ProjectListSearch }) {
  const sort = sortState(PROJECT_SORTS, params.sort, params.order);
  const page = await readPage(() =>
    listProjectsWithRunSummary(access, { q: params.q ?? undefined, status: params.status, sort: sort.key, order: sort.direction }, { limit: PAGE_SIZE, cursor: params.cursor ?? undefined }),
  );
  const kept = { q: params.q, status: params.status, sort: params.sort, order: params.order };
  // A header click starts again at the first page of the new order.
  const sortHref = (key: ProjectSort) => projectsHref({ q: params.q, status: params.status, ...sortLink(PROJECT_SORTS, "created", sort, key) });
  const newest = projectsHref(kept);
  if (page === InvalidCursor) {
    return <EmptyState title="This page link is no longer valid" description="The list may have changed since the link was made." action={<Link href={newest} className={buttonClasses({ variant: "outline" })}>Back to the first page</Link>} />;
  }
  if (page.data.length === 0) {
    const filtered = params.q || params.status !== "active";
    return filtered ? (
      <EmptyState title="No projects match these filters" action={<Link href={projectsHref({})} className={buttonClasses({ variant: "outline" })}>Clear the filters</Link>} />
    ) : (
      <EmptyState title="No projects yet" description="Integrations create projects through the API (POST /api/v1/projects)." />
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <Table>
        <TableHeader>
          <TableRow>
            <SortHead label="Project" sortKey="name" sort={sort} href={sortHref} />
            <TableHead className="text-right">Runs</TableHead>
            <TableHead className="text-right">Last 24 h</TableHead>
            <TableHead>Last run</TableHead>
            <SortHead label="Created" sortKey="created" sort={sort} href={sortHref} />
          </TableRow>
        </TableHeader>
        <TableBody>
          {page.data.map((p) => (
            <TableRow key={p.id}>
              <TableCell className="max-w-[20rem]">
                <div className="flex items-center gap-2">
                  <Link href={`/projects/${p.slug}`} className="truncate font-medium underline-offset-4 hover:underline" title={p.name}>
                    {p.name}
                  </Link>
                  {p.archived ? <Badge tone="outline">archived</Badge> : null}
                </div>
                <p className="truncate font-mono text-xs text-muted-foreground" title={p.slug}>
                  {p.slug}
                </p>
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatNumber(p.runs.runsTotal)}</TableCell>
              <TableCell className="text-right tabular-nums">
                {formatNumber(p.runs.runs24h)}
                {p.runs.failed24h > 0 ? <span className="ml-1 text-xs text-danger-text">({formatNumber(p.runs.failed24h)} failed)</span> : null}
              </TableCell>
              <TableCell>
                {p.runs.lastRun ? (
                  <div className="flex items-center gap-2">
                    <RunStatusBadge status={p.runs.lastRun.status} />
                    <Link href={`/projects/${p.slug}/runs/${p.runs.lastRun.id}`} className="max-w-[16rem] truncate underline-offset-4 hover:underline" title={p.runs.lastRun.name}>
                      {p.runs.lastRun.name}
                    </Link>
                    <Time iso={p.runs.lastRun.createdAt} className="text-xs whitespace-nowrap text-muted-foreground" />
                  </div>
                ) : (
                  <span className="text-muted-foreground">No runs yet</span>
                )}
              </TableCell>
              <TableCell className="whitespace-nowrap text-muted-foreground">
                <Time iso={p.createdAt} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Pagination links={pageLinks(params.cursor, params.prev, page.nextCursor)} hrefFor={(step) => projectsHref({ ...kept, ...step })} pageSize={PAGE_SIZE} shown={page.data.length} noun="projects" labels={pageLabelsFor(sort.key === "created", sort.direction)} />
    </div>
  );
}

export function ProjectListSkeleton() {
  return <RowsSkeleton label="Loading projects…" rows={6} rowClassName="h-12 rounded-md bg-muted/60" />;
}
