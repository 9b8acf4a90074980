import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { ChartSkeleton } from "@/components/charts/chart-skeleton";
import { MetricsDashboard } from "@/components/metrics/metrics-dashboard";
import { ProjectThroughputCard } from "@/components/metrics/project-throughput";
import { RangePicker } from "@/components/metrics/range-picker";
import { RouteSlowQueries } from "@/components/queries/route-slow-queries";
import { PageHeader } from "@/components/ui/page-header";
import { pageAccess } from "@/lib/auth/page-access";
import { requireRole, type SessionUser } from "@/lib/auth/session";
import { metricsHistoryFor } from "@/lib/metrics/history";
import { rangeQuery } from "@/lib/metrics/range";
import { runThroughputByProject } from "@/lib/runs/throughput";
import { parseMetricsSearch, type MetricsSearch } from "./search-params";

export const metadata: Metadata = { title: "Metrics" };

export default async function MetricsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Before anything streams: a viewer gets the audited 403.
  const user = await requireRole("operator", "page:/metrics");
  const search = parseMetricsSearch(await searchParams);
  const { range, route } = search;
  return (
    <>
      <PageHeader
        title={route ? `Route ${route}` : "Metrics"}
        description={route ? `Requests to this route template, ${range.label}.` : `Request rate, errors and latency per route, ${range.label}. Run throughput per project.`}
      />
      {route ? (
        <p className="mb-4 text-sm">
          <Link href={`/metrics?${rangeQuery(range)}`} className="underline">
            ← All routes
          </Link>
        </p>
      ) : null}
      <div className="mb-4">
        <RangePicker range={range} extra={{ route }} />
      </div>
      <Suspense key={`${rangeQuery(range)}|${route}`} fallback={<LoadingState />}>
        <MetricsContent user={user} search={search} />
      </Suspense>
    </>
  );
}

function LoadingState() {
  return (
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-2" aria-busy="true">
      <ChartSkeleton />
      <ChartSkeleton />
    </div>
  );
}

async function MetricsContent({ user, search }: { user: SessionUser; search: MetricsSearch }) {
  const { range, route, sort, dir } = search;
  const [history, throughput] = await Promise.all([
    metricsHistoryFor(user, { from: range.from, to: range.to, route }),
    route ? null : runThroughputByProject(user, range),
  ]);
  return (
    <div className="flex flex-col gap-4">
      <MetricsDashboard initial={history} query={rangeQuery(range, { route })} baseQuery={rangeQuery(range, { route, sort, dir })} sort={sort} dir={dir} routeView={Boolean(route)} />
      {route ? <RouteSlowQueries access={await pageAccess(user)} route={route} from={range.from} to={range.to} /> : null}
      {throughput ? <ProjectThroughputCard rows={throughput} /> : null}
    </div>
  );
}
