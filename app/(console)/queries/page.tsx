import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { ActivityView } from "@/components/queries/activity-view";
import { RecordedView } from "@/components/queries/recorded-view";
import { StatementsView } from "@/components/queries/statements-view";
import { TableSkeleton } from "@/components/queries/views";
import { PageHeader } from "@/components/ui/page-header";
import { pageAccess } from "@/lib/auth/page-access";
import { roleAtLeast } from "@/lib/auth/roles";
import { requireRole } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { cn } from "@/lib/ui/cn";
import { PRESETS, type Preset } from "@/lib/metrics/range";
import { parseQueriesSearch, queriesHref, type QueriesSearch, type QueriesTab } from "./search-params";

export const metadata: Metadata = { title: "Queries" };

const TAB_LABELS: Record<QueriesTab, string> = { recorded: "Recorded slow queries", statements: "pg_stat_statements", activity: "Live activity" };

function Tabs({ search }: { search: QueriesSearch }) {
  return (
    <nav aria-label="Query views" className="mb-4 flex flex-wrap items-center justify-between gap-3 border-b">
      <div className="flex gap-1">
        {(Object.keys(TAB_LABELS) as QueriesTab[]).map((tab) => (
          <Link
            key={tab}
            href={queriesHref(search, { tab, requestId: tab === "recorded" ? search.requestId : null })}
            aria-current={search.tab === tab ? "page" : undefined}
            className={cn("-mb-px border-b-2 px-3 py-2 text-sm", search.tab === tab ? "border-primary font-medium" : "border-transparent text-muted-foreground hover:text-foreground")}
          >
            {TAB_LABELS[tab]}
          </Link>
        ))}
      </div>
      {search.tab === "recorded" && !search.requestId ? (
        <div className="flex gap-1 pb-1 text-xs" aria-label="Time range">
          {(Object.keys(PRESETS) as Preset[]).map((range) => (
            <Link key={range} href={queriesHref(search, { range })} aria-current={search.range === range ? "true" : undefined} className={cn("rounded-md px-2 py-1", search.range === range ? "bg-muted font-medium" : "text-muted-foreground hover:bg-muted")}>
              {range}
            </Link>
          ))}
        </div>
      ) : null}
    </nav>
  );
}

export default async function QueriesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // First, before anything streams: a viewer gets an audited 403.
  const user = await requireRole("operator", "page:/queries");
  const search = parseQueriesSearch(await searchParams);
  const access = await pageAccess(user);
  const isAdmin = roleAtLeast(user.role, "admin");
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
      <PageHeader title="Queries" description="Which SQL is slow, how often it runs, who issued it, and what PostgreSQL plans to do with it." />
      <Tabs search={search} />
      <Suspense key={queriesHref(search, {})} fallback={<TableSkeleton />}>
        {view}
      </Suspense>
    </>
  );
}
