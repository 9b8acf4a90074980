import { Link } from "@/components/ui/link";
import { queriesHref, RECORDED_COLUMNS, type QueriesSearch } from "@/app/(console)/queries/search-params";
import { sortLink, sortState } from "@/lib/search-params/sort";
import { PRESETS } from "@/lib/metrics/range";
import type { AccessContext } from "@/lib/auth/principal";
import { listRecordedQueries, samplesForRequest, type RecordedSort } from "@/lib/queries/recorded";
import { EmptyState, ErrorPanel, ms, Panel, QueryCell, RouteLinks, SortHead, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "./views";
import { errorField, log } from "@/lib/log/logger";
import { Time } from "@/components/ui/time";

export async function RecordedView({ access, search, isAdmin, thresholdMs }: { access: AccessContext; search: QueriesSearch; isAdmin: boolean; thresholdMs: number }) {
  if (search.requestId) return <RequestSamples access={access} search={search} isAdmin={isAdmin} />;
  const sort = sortState(RECORDED_COLUMNS, search.sort, search.order);
  const to = new Date();
  const from = new Date(to.getTime() - PRESETS[search.range]);
  let rows;
  try {
    rows = await listRecordedQueries(access, { from, to, sort: search.sort, direction: sort.direction, route: search.route ?? undefined });
  } catch (err) {
    log("queries").error({ err: errorField(err) }, "recorded failed");
    return <ErrorPanel what="Recorded slow queries" />;
  }
  const sortHref = (key: RecordedSort) => queriesHref({ ...search, ...sortLink(RECORDED_COLUMNS, "total", sort, key) });
  const verdict = rows.length === 0 ? "No slow queries" : `${rows.length} slow ${rows.length === 1 ? "query" : "queries"}`;
  return (
    <Panel
      title={`${verdict} in the last ${search.range}${search.route ? ` from ${search.route}` : ""}`}
      description={
        <>
          Statements over {thresholdMs} ms, grouped by fingerprint (literals removed).
          {search.route ? (
            <>
              {" "}
              <Link className="underline" href={queriesHref({ ...search, route: null })}>
                Show all routes
              </Link>
            </>
          ) : null}
        </>
      }
    >
      {rows.length === 0 ? (
        <EmptyState title="Nothing slow recorded" description={`Queries slower than ${thresholdMs} ms (SLOW_QUERY_MS) appear here within a few seconds.`} />
      ) : (
        <Table data-testid="recorded-queries">
          <TableHeader>
            <TableRow>
              <TableHead>Query</TableHead>
              <SortHead label="Total" sortKey="total" sort={sort} href={sortHref} className="text-right" />
              <SortHead label="Calls" sortKey="calls" sort={sort} href={sortHref} className="text-right" />
              <SortHead label="Mean" sortKey="mean" sort={sort} href={sortHref} className="text-right" />
              <SortHead label="p95" sortKey="p95" sort={sort} href={sortHref} className="text-right" />
              <SortHead label="Max" sortKey="max" sort={sort} href={sortHref} className="text-right" />
              <SortHead label="Last seen" sortKey="last" sort={sort} href={sortHref} className="text-right" />
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((q) => (
              <TableRow key={q.fingerprint} data-fingerprint={q.fingerprint}>
                <QueryCell text={q.query} explain={isAdmin ? { source: "recorded", id: q.fingerprint } : null}>
                  <RouteLinks routes={q.routes} search={search} />
                  {q.recentRequests.length > 0 ? (
                    <p className="mt-1 text-xs text-muted-foreground">
                      recent requests:{" "}
                      {q.recentRequests.map((id, i) => (
                        <span key={id}>
                          {i > 0 ? ", " : null}
                          <Link className="font-mono underline-offset-2 hover:underline" href={queriesHref({ ...search, requestId: id })}>
                            {id}
                          </Link>
                        </span>
                      ))}
                    </p>
                  ) : null}
                </QueryCell>
                <TableCell className="text-right align-top tabular-nums">{ms(q.totalMs)}</TableCell>
                <TableCell className="text-right align-top tabular-nums">{q.calls.toLocaleString("en-US")}</TableCell>
                <TableCell className="text-right align-top tabular-nums">{ms(q.meanMs)}</TableCell>
                <TableCell className="text-right align-top tabular-nums">{ms(q.p95Ms)}</TableCell>
                <TableCell className="text-right align-top tabular-nums">{ms(q.maxMs)}</TableCell>
                <TableCell className="text-right align-top text-xs whitespace-nowrap">
                  <Time iso={q.lastSeen} />
                  <div className="text-muted-foreground">first <Time iso={q.firstSeen} /></div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Panel>
  );
}

async function RequestSamples({ access, search, isAdmin }: { access: AccessContext; search: QueriesSearch; isAdmin: boolean }) {
  let samples;
  try {
    samples = await samplesForRequest(access, search.requestId!);
  } catch (err) {
    log("queries").error({ err: errorField(err) }, "samples failed");
    return <ErrorPanel what="The request's queries" />;
  }
  return (
    <Panel
      title={`Slow queries of request ${search.requestId}`}
      description={
        <Link className="underline" href={queriesHref({ ...search, requestId: null })}>
          Back to all slow queries
        </Link>
      }
    >
      {samples.length === 0 ? (
        <EmptyState title="No slow queries recorded for this request" description="Either none of its queries was slow, or its samples have aged out." />
      ) : (
        <Table data-testid="request-samples">
          <TableHeader>
            <TableRow>
              <TableHead>Query</TableHead>
              <TableHead>Route</TableHead>
              <TableHead>Trace</TableHead>
              <TableHead className="text-right">Duration</TableHead>
              <TableHead className="text-right">At</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {samples.map((s) => (
              <TableRow key={s.id}>
                <QueryCell text={s.query} explain={isAdmin ? { source: "recorded", id: s.fingerprint } : null} />
                <TableCell className="align-top font-mono text-xs">{s.route}</TableCell>
                <TableCell className="align-top font-mono text-xs">{s.traceId ?? "—"}</TableCell>
                <TableCell className="text-right align-top tabular-nums">{ms(s.durationMs)}</TableCell>
                <TableCell className="text-right align-top text-xs whitespace-nowrap"><Time iso={s.occurredAt} /></TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Panel>
  );
}
