import { Link } from "@/components/ui/link";
import { incidentsHref, type IncidentListSearch } from "@/app/(console)/incidents/search-params";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { RowsSkeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AccessContext } from "@/lib/auth/principal";
import { InvalidCursor, readPage } from "@/lib/db/keyset";
import { listIncidents, type IncidentDto } from "@/lib/incidents/queries";
import { Time } from "@/components/ui/time";
import { IncidentStatusBadge, SeverityBadge, SuppressedBadge } from "./incident-badges";

const PAGE_SIZE = 25;

export async function IncidentTable({ access, params }: { access: AccessContext; params: IncidentListSearch }) {
  const filter = { status: params.status === "all" ? undefined : params.status, project: params.project ?? undefined };
  const page = await readPage(() => listIncidents(access, filter, { limit: PAGE_SIZE, cursor: params.cursor ?? undefined }));
  const first = incidentsHref({ status: params.status, project: params.project });
  if (page === InvalidCursor) {
    return <EmptyState title="This page link is no longer valid" description="The list may have changed since the link was made." action={<Link href={first} className={buttonClasses({ variant: "outline" })}>Back to the first page</Link>} />;
  }
  if (page.data.length === 0) {
    const filtered = params.project || params.status !== "all";
    return filtered ? (
      <EmptyState title="No incidents match these filters" action={<Link href={incidentsHref({})} className={buttonClasses({ variant: "outline" })}>Clear the filters</Link>} />
    ) : (
      <EmptyState title="No incidents yet" description={<>An incident opens when an alert rule&apos;s condition holds for its “for” duration. <Link href="/alerts" className="underline underline-offset-4">Set up rules</Link>.</>} />
    );
  }
  const older = page.nextCursor ? incidentsHref({ status: params.status, project: params.project, cursor: page.nextCursor }) : null;
  return (
    <div className="flex flex-col gap-3">
      <IncidentRows incidents={page.data} />
      <nav aria-label="Pages" className="flex gap-2">
        {params.cursor ? (
          <Link href={first} className={buttonClasses({ variant: "outline", size: "sm" })}>
            Newest
          </Link>
        ) : null}
        {older ? (
          <Link href={older} className={buttonClasses({ variant: "outline", size: "sm" })}>
            Older
          </Link>
        ) : null}
      </nav>
    </div>
  );
}

/** The table itself, shared by /incidents and the overview's open incidents. */
export function IncidentRows({ incidents }: { incidents: IncidentDto[] }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead className="min-w-48">Incident</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Severity</TableHead>
          <TableHead>Project</TableHead>
          <TableHead>Started</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {incidents.map((i) => (
          <TableRow key={i.id} data-testid="incident-row">
            <TableCell>
              <Link href={`/incidents/${i.id}`} className="font-medium underline-offset-4 hover:underline">
                {i.title}
              </Link>
              {i.ruleName ? <p className="text-xs text-muted-foreground">rule {i.ruleName}</p> : null}
            </TableCell>
            <TableCell>
              <span className="flex flex-wrap items-center gap-1">
                <IncidentStatusBadge status={i.status} />
                <SuppressedBadge by={i.suppressedBy} />
              </span>
              {i.acknowledgedBy && i.status === "acknowledged" ? <p className="text-xs text-muted-foreground">by {i.acknowledgedBy}</p> : null}
            </TableCell>
            <TableCell>
              <SeverityBadge severity={i.severity} />
            </TableCell>
            <TableCell className="whitespace-nowrap font-mono text-xs">{i.project ? <Link href={`/projects/${i.project}`} className="hover:underline">{i.project}</Link> : "—"}</TableCell>
            <TableCell className="whitespace-nowrap text-muted-foreground">
              <Time iso={i.startedAt} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function IncidentTableSkeleton() {
  return <RowsSkeleton label="Loading incidents…" rows={6} rowClassName="h-12 rounded-md bg-muted/60" />;
}
