import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import type { SearchParams } from "nuqs/server";
import { Suspense } from "react";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditResults, AuditResultsSkeleton } from "@/components/audit/audit-results";
import { ExportLinks } from "@/components/audit/export-links";
import { VerifyChainButton } from "@/components/audit/verify-button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/page-access";
import { ACTION_GROUPS } from "@/lib/audit/filters";
import { listProjects } from "@/lib/projects/queries";
import { auditHref, ignoredAuditEventParam, ignoredAuditSortParams } from "./search-params";
import { UrlNotice } from "@/components/ui/url-notice";
import { parseAuditSearch } from "./validated-search";

export const metadata: Metadata = { title: "Audit" };

type Props = { searchParams: Promise<SearchParams> };

export default async function AuditPage({ searchParams }: Props) {
  // First, before anything streams: a non-admin gets an audited 403.
  const ctx = await requirePage("/audit");
  const raw = await searchParams;
  const search = parseAuditSearch(raw);
  const projects = await listProjects(ctx, { status: "all" }, { limit: 200 });
  return (
    <>
      <PageHeader
        title="Audit"
        description="Who did what to which thing, when, from where, and what changed."
        actions={
          <>
            {search.filter ? <ExportLinks filter={search.filterParams} order={search.order} /> : null}
            <VerifyChainButton />
          </>
        }
      />
      <UrlNotice ignored={ignoredAuditSortParams(raw)} fallback="Newest first is used instead." />
      <UrlNotice ignored={ignoredAuditEventParam(raw)} fallback="No event is open; an event is named by its sequence number." />
      <AuditFilters
        values={search.filterParams}
        groups={ACTION_GROUPS}
        projects={projects.data.map((p) => ({ id: p.id, label: p.archived ? `${p.name} (archived)` : p.name }))}
      />
      {search.filter ? (
        <Suspense key={auditHref(search.filterParams, { order: search.order, cursor: search.cursor })} fallback={<AuditResultsSkeleton />}>
          <AuditResults ctx={ctx} search={{ ...search, filter: search.filter }} />
        </Suspense>
      ) : (
        <Card className="border-destructive" role="alert">
          <CardHeader>
            <CardTitle>These filters are not valid</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-2 text-sm">
            <ul className="list-disc pl-5">
              {search.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
            <Link href={auditHref({})} className="font-medium text-primary underline-offset-4 hover:underline">
              Clear the filters
            </Link>
          </CardContent>
        </Card>
      )}
    </>
  );
}
