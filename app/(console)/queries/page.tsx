import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { Suspense } from "react";
import { ActivityView } from "@/components/queries/activity-view";
import { RecordedView } from "@/components/queries/recorded-view";
import { StatementsView } from "@/components/queries/statements-view";
import { QueryTabs } from "@/components/queries/query-tabs";
import { TableSkeleton } from "@/components/queries/views";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/page-access";
import { hasRole } from "@/lib/auth/principal";
import { getConfig } from "@/lib/config";
import { UrlNotice } from "@/components/ui/url-notice";
import { ignoredQueriesParams, loadQueriesSearch, queriesHref } from "./search-params";

export const metadata: Metadata = { title: "Queries" };

export default async function QueriesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // First, before anything streams: a viewer gets an audited 403.
  const access = await requirePage("/queries");
  const raw = await searchParams;
  const search = loadQueriesSearch(raw);
  const isAdmin = hasRole(access.principal, "admin");
  const view =
    search.tab === "statements" ? (
      <StatementsView access={access} search={search} isAdmin={isAdmin} />
    ) : search.tab === "activity" ? (
      <ActivityView access={access} />
    ) : (
      <RecordedView access={access} search={search} isAdmin={isAdmin} thresholdMs={getConfig().SLOW_QUERY_MS} />
    );
  return (
    <>
      <PageHeader
        title="Queries"
        description="Which SQL is slow, how often it runs, who issued it, and what PostgreSQL plans to do with it."
        actions={search.tab === "activity" ? <LiveIndicator renderedAt={new Date().toISOString()} intervalMs={10_000} /> : null}
      />
      <UrlNotice ignored={ignoredQueriesParams(raw)} fallback="Their defaults are used instead." />
      <QueryTabs search={search} />
      <Suspense key={queriesHref(search)} fallback={<TableSkeleton />}>
        {view}
      </Suspense>
    </>
  );
}
