import { Link } from "@/components/ui/link";
import { auditHref } from "@/app/(console)/audit/search-params";
import type { AuditSearch } from "@/app/(console)/audit/validated-search";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RowsSkeleton } from "@/components/ui/skeleton";
import type { AccessContext } from "@/lib/auth/principal";
import { getAuditEvent, listAuditEvents } from "@/lib/audit/queries";
import type { AuditFilter } from "@/lib/audit/filters";
import { NotFoundError } from "@/lib/errors";
import { projectSlugsByIds } from "@/lib/projects/slugs";
import { Pagination, pageLabelsFor } from "@/components/ui/pagination";
import { InvalidCursor, readPage } from "@/lib/db/keyset";
import { pageLinks } from "@/lib/search-params/page-trail";
import { formatNumber } from "@/lib/ui/format";
import { AuditTable } from "./audit-table";
import { EventDetail } from "./event-detail";

const PAGE_SIZE = 50;

/** The data part of /audit: one page of events and, when `event=` is set, its detail panel. */
export async function AuditResults({ ctx, search }: { ctx: AccessContext; search: AuditSearch & { filter: AuditFilter } }) {
  const [page, selected] = await Promise.all([
    readPage(() => listAuditEvents(ctx, search.filter, { limit: PAGE_SIZE, cursor: search.cursor ?? undefined }, search.order)),
    search.event ? getAuditEvent(ctx, search.event).catch((err) => (err instanceof NotFoundError ? null : Promise.reject(err))) : undefined,
  ]);
  const order = search.order;
  if (page === InvalidCursor) {
    return (
      <EmptyState
        title="This page link is no longer valid"
        description="It may come from another sort order, or have been edited."
        action={<Link href={auditHref(search.filterParams, { order })} className={buttonClasses({ variant: "outline" })}>Back to the first page</Link>}
      />
    );
  }
  const projectIds = [...page.data, ...(selected ? [selected] : [])].flatMap((e) => (e.projectId ? [e.projectId] : []));
  const slugs = await projectSlugsByIds(ctx, projectIds);
  const filtered = Object.values(search.filterParams).some((v) => v !== null);
  const linkFor = (extra: { event?: number }) => auditHref(search.filterParams, { order, cursor: search.cursor, prev: search.prev, ...extra });
  // The Time header toggles newest / oldest first, from the first page.
  const sortHref = () => auditHref(search.filterParams, { order: order === "desc" ? "asc" : "desc" });
  const links = pageLinks(search.cursor, search.prev, page.nextCursor);
  const from = (links.page - 1) * PAGE_SIZE + 1;

  return (
    // The detail column only exists while an event is open; otherwise the list takes the width.
    // Beside the list only from 2xl: narrower, the list's columns would be cut, so the open
    // event sits above the list instead, at full width.
    <div className={search.event ? "grid grid-cols-1 gap-4 2xl:grid-cols-[minmax(0,1fr)_28rem]" : "grid grid-cols-1 gap-4"}>
      <Card>
        <CardContent className="p-0">
          <p className="px-4 pt-4 text-sm font-medium" aria-live="polite">
            {page.data.length === 0
              ? filtered ? "No events match these filters." : "No events recorded yet."
              : page.nextCursor || search.cursor
                ? `Events ${formatNumber(from)}–${formatNumber(from + page.data.length - 1)}${filtered ? " matching" : ""}, ${order === "asc" ? "oldest" : "newest"} first`
                : `${page.data.length} event${page.data.length === 1 ? "" : "s"}${filtered ? (page.data.length === 1 ? " matches" : " match") : ""}`}
          </p>
          {page.data.length === 0 ? (
            <EmptyState
              className="m-4"
              title={filtered ? "Nothing matches" : "Empty trail"}
              description={filtered ? "Widen the time range or clear a filter." : "Every change in Opsdeck is recorded here as it happens."}
              action={filtered ? <Link href={auditHref({})} className={buttonClasses({ variant: "outline", size: "sm" })}>Clear filters</Link> : undefined}
            />
          ) : (
            <AuditTable events={page.data} slugs={slugs} selectedSeq={search.event ?? undefined} hrefFor={(seq) => linkFor({ event: seq })} sort={{ key: "time", direction: order }} sortHref={sortHref} />
          )}
          <div className="p-4">
            <Pagination links={links} hrefFor={(step) => auditHref(search.filterParams, { order, ...step })} pageSize={PAGE_SIZE} shown={page.data.length} noun="events" labels={pageLabelsFor(true, order)} />
          </div>
        </CardContent>
      </Card>
      {search.event ? (
        selected ? (
          <EventDetail event={selected} slugs={slugs} closeHref={linkFor({})} className="order-first 2xl:order-none" />
        ) : (
          <EmptyState className="order-first 2xl:order-none" title={`Event ${search.event} not found`} description="It may have been removed by retention." action={<Link href={linkFor({})}>Close</Link>} />
        )
      ) : null}
    </div>
  );
}

export function AuditResultsSkeleton() {
  return <RowsSkeleton label="Loading events…" rows={8} rowClassName="h-8 rounded bg-muted" className="rounded-lg border p-4" />;
}
