import { ChartSkeleton } from "@/components/charts/chart-skeleton";
import { MetricsDashboard } from "@/components/metrics/metrics-dashboard";
import { ProjectThroughputCard } from "@/components/metrics/project-throughput";
import { RouteSlowQueries } from "@/components/queries/route-slow-queries";
import type { AccessContext } from "@/lib/auth/principal";
import { metricsHistoryFor } from "@/lib/metrics/history";
import { rangeParams } from "@/lib/metrics/range";
import { runThroughputByProject } from "@/lib/runs/throughput";
import { metricsHistoryHref, type MetricsSearch } from "@/app/(console)/metrics/search-params";

export function MetricsLoading() {
  return (
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-2" aria-busy="true">
      <ChartSkeleton />
      <ChartSkeleton />
    </div>
  );
}

/** The /metrics page's data part: history charts and routes, the route view's slow queries, run throughput. */
export async function MetricsContent({ access, search }: { access: AccessContext; search: MetricsSearch }) {
  const { range, route, sort, dir } = search;
  const [history, throughput] = await Promise.all([
    metricsHistoryFor(access, { from: range.from, to: range.to, route: route ?? undefined }),
    route ? null : runThroughputByProject(access, range),
  ]);
  return (
    <div className="flex flex-col gap-4">
      <MetricsDashboard initial={history} historyHref={metricsHistoryHref(search)} links={{ ...rangeParams(range), sort, dir }} routeView={Boolean(route)} />
      {route ? <RouteSlowQueries access={access} route={route} from={range.from} to={range.to} /> : null}
      {throughput ? <ProjectThroughputCard rows={throughput} /> : null}
    </div>
  );
}
