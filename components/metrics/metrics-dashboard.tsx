"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import TimeSeriesChart from "@/components/charts/time-series-chart";
import { LiveStatus, useTabVisible } from "@/components/ui/live-indicator";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { metricsHref, type MetricsParams } from "@/app/(console)/metrics/search-params";
import type { MetricsHistory } from "@/lib/metrics/history";
import { ratioAxisMax } from "@/lib/ui/chart-shapes";
import { fmtPercent, fmtRate, fmtSeconds } from "./format";
import { RouteTable, type RouteTableLink } from "./route-table";

const REFRESH_MS = 30_000;

async function fetchHistory(href: string): Promise<MetricsHistory> {
  const res = await fetch(href, { headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`refresh failed (${res.status})`);
  return (await res.json()) as MetricsHistory;
}

type TableLinks = Pick<MetricsParams, "range" | "from" | "to" | "sort" | "dir">;

/** Charts and the route table; refreshes every 30 s (pausable) from the same query the page rendered. */
export function MetricsDashboard({ initial, historyHref, links, routeView }: { initial: MetricsHistory; historyHref: string; links: TableLinks; routeView: boolean }) {
  const [paused, setPaused] = useState(false);
  // react-query does not refetch on its interval while the tab is hidden; the dot says so.
  const visible = useTabVisible();
  const { data, error, isFetching } = useQuery({ queryKey: ["metrics-history", historyHref], queryFn: () => fetchHistory(historyHref), initialData: initial, refetchInterval: paused ? false : REFRESH_MS });
  const history = data ?? initial;
  const points = history.series.map((p) => ({ t: p.t, rate: p.ratePerSecond, errorRate: p.errorRate, p50: p.p50, p95: p.p95, p99: p.p99, ...p.classes }));
  const hrefFor = (change: RouteTableLink) => metricsHref({ ...links, ...change });
  const t = history.totals;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <p className="font-medium">
          {t.count === 0 ? "No requests recorded in this range." : `${fmtRate(t.ratePerSecond)} · ${fmtPercent(t.errorRate)} errors · p95 ${fmtSeconds(t.p95)}`}
        </p>
        <LiveStatus live={!paused && visible} paused={paused} refreshing={isFetching} updatedAt={history.generatedAt} intervalMs={REFRESH_MS} onTogglePause={() => setPaused((p) => !p)} error={error ? `Could not refresh: ${(error as Error).message}` : null} />
      </div>
      {points.length === 0 ? (
        <EmptyState title="No data for this range" description="Each instance flushes its requests once a minute. Pick a longer range, or come back in a minute." />
      ) : (
        <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
          <ChartCard title="Request rate" description="Requests per second, all instances summed.">
            <TimeSeriesChart data={points} series={[{ key: "rate", label: "req/s", color: "var(--color-info)" }]} format={(v) => v.toFixed(2)} />
          </ChartCard>
          <ChartCard title="Error rate" description="Share of requests answered 5xx.">
            <TimeSeriesChart data={points} series={[{ key: "errorRate", label: "errors", color: "var(--color-danger)" }]} format={(v) => fmtPercent(v)} domain={[0, ratioAxisMax]} />
          </ChartCard>
          <ChartCard title="Latency" description="p50 / p95 / p99 from merged histograms.">
            <TimeSeriesChart
              data={points}
              series={[
                { key: "p50", label: "p50", color: "var(--color-success)" },
                { key: "p95", label: "p95", color: "var(--color-warning)" },
                { key: "p99", label: "p99", color: "var(--color-danger)" },
              ]}
              format={(v) => fmtSeconds(v)}
            />
          </ChartCard>
          <ChartCard title="Status classes" description="Requests per step by status class.">
            <TimeSeriesChart
              kind="stacked"
              data={points}
              series={[
                { key: "2xx", label: "2xx", color: "var(--color-success)" },
                { key: "3xx", label: "3xx", color: "var(--color-info)" },
                { key: "4xx", label: "4xx", color: "var(--color-warning)" },
                { key: "5xx", label: "5xx", color: "var(--color-danger)" },
              ]}
              format={(v) => String(Math.round(v))}
            />
          </ChartCard>
        </div>
      )}
      {routeView ? null : (
        <Card>
          <CardHeader>
            <CardTitle>Routes</CardTitle>
            <CardDescription>By route template. Select a route for its own view.</CardDescription>
          </CardHeader>
          <CardContent>
            <RouteTable rows={history.routes} sort={links.sort} dir={links.dir} hrefFor={hrefFor} />
          </CardContent>
        </Card>
      )}
    </div>
  );
}

function ChartCard({ title, description, children }: { title: string; description: string; children: React.ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}
