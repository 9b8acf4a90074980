import { Link } from "@/components/ui/link";
import { queriesHref } from "@/app/(console)/queries/search-params";
import type { AccessContext } from "@/lib/auth/principal";
import { slowQueriesForRoute } from "@/lib/queries/recorded";
import { ErrorPanel, ms, Panel } from "./views";
import { errorField, log } from "@/lib/log/logger";

/**
 * For a route view on /metrics: the slow queries that route issued in the range, each
 * linking to its row on /queries. Drop in as <RouteSlowQueries access route from to />.
 */
export async function RouteSlowQueries({ access, route, from, to }: { access: AccessContext; route: string; from: Date; to: Date }) {
  let rows;
  try {
    rows = await slowQueriesForRoute(access, route, { from, to });
  } catch (err) {
    log("queries").error({ err: errorField(err) }, "route slow queries failed");
    return <ErrorPanel what="This route's slow queries" />;
  }
  return (
    <Panel title={rows.length === 0 ? "No slow queries from this route" : `${rows.length} slow ${rows.length === 1 ? "query" : "queries"} from this route`}>
      {rows.length === 0 ? null : (
        <ul className="flex flex-col gap-2 text-sm" data-testid="route-slow-queries">
          {rows.map((q) => (
            <li key={q.fingerprint} className="flex items-baseline justify-between gap-3">
              <code className="truncate font-mono text-xs" title={q.query.slice(0, 2_000)}>
                {q.query.slice(0, 160)}
              </code>
              <span className="shrink-0 text-xs text-muted-foreground tabular-nums">
                {q.calls.toLocaleString("en-US")} × · p95 {ms(q.p95Ms)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <Link className="mt-3 inline-block text-xs underline" href={queriesHref({ route })}>
        Open in Queries
      </Link>
    </Panel>
  );
}
