import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import type { SearchParams } from "nuqs/server";
import { Suspense } from "react";
import { MetricsContent, MetricsLoading } from "@/components/metrics/metrics-content";
import { RangePicker } from "@/components/metrics/range-picker";
import { PageHeader } from "@/components/ui/page-header";
import { UrlNotice } from "@/components/ui/url-notice";
import { requirePage } from "@/lib/auth/page-access";
import { rangeParams } from "@/lib/metrics/range";
import { metricsHref, parseMetricsSearch } from "./search-params";

export const metadata: Metadata = { title: "Metrics" };

export default async function MetricsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // Before anything streams: a viewer gets the audited 403.
  const access = await requirePage("/metrics");
  const search = parseMetricsSearch(await searchParams);
  const { range, route } = search;
  const allRoutes = metricsHref(rangeParams(range));
  return (
    <>
      <PageHeader
        title={route ? `Route ${route}` : "Metrics"}
        description={route ? `Requests to this route template, ${range.label}.` : `Request rate, errors and latency per route, ${range.label}. Run throughput per project.`}
      />
      <UrlNotice ignored={search.ignored} fallback={`Their defaults are used instead; showing ${range.label}.`} />
      {route ? (
        <p className="mb-4 text-sm">
          <Link href={allRoutes} className="underline">
            ← All routes
          </Link>
        </p>
      ) : null}
      <div className="mb-4">
        <RangePicker range={range} route={route} />
      </div>
      <Suspense key={`${allRoutes}|${route}`} fallback={<MetricsLoading />}>
        <MetricsContent access={access} search={search} />
      </Suspense>
    </>
  );
}
