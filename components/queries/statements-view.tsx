import { queriesHref, STATEMENT_COLUMNS, type QueriesSearch } from "@/app/(console)/queries/search-params";
import { sortLink, sortState } from "@/lib/search-params/sort";
import type { AccessContext } from "@/lib/auth/principal";
import { getStatementStats, type StatementSort, type StatementStats } from "@/lib/queries/pg-stats";
import { ResetStatsButton } from "./reset-stats-button";
import { EmptyState, ErrorPanel, ms, Panel, pct, QueryCell, SortHead, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "./views";
import { errorField, log } from "@/lib/log/logger";

const REASONS: Record<Exclude<StatementStats, { available: true }>["reason"], { title: string; steps: string[] }> = {
  not_preloaded: {
    title: "pg_stat_statements is not loaded on this PostgreSQL server",
    steps: [
      "Add it to postgresql.conf: shared_preload_libraries = 'pg_stat_statements' (keep any libraries already listed).",
      "Restart PostgreSQL (a reload is not enough for shared_preload_libraries).",
      "Connected to this database as a superuser, run: CREATE EXTENSION IF NOT EXISTS pg_stat_statements;",
      "Optionally set pg_stat_statements.track = all to include statements inside functions.",
    ],
  },
  not_installed: {
    title: "pg_stat_statements is loaded but not created in this database",
    steps: ["Connected to this database as a superuser, run: CREATE EXTENSION IF NOT EXISTS pg_stat_statements;"],
  },
  no_permission: {
    title: "The database user may not read pg_stat_statements",
    steps: ["Grant it the pg_read_all_stats role: GRANT pg_read_all_stats TO <opsdeck user>;"],
  },
};

export async function StatementsView({ access, search, isAdmin }: { access: AccessContext; search: QueriesSearch; isAdmin: boolean }) {
  const sort = sortState(STATEMENT_COLUMNS, search.statementSort, search.statementOrder);
  let stats: StatementStats;
  try {
    stats = await getStatementStats(access, sort.key, sort.direction);
  } catch (err) {
    log("queries").error({ err: errorField(err) }, "statements failed");
    return <ErrorPanel what="pg_stat_statements" />;
  }
  if (!stats.available) {
    const help = REASONS[stats.reason];
    return (
      <Panel title={help.title} description="The database's own statement statistics are unavailable; the recorded slow queries still work.">
        <ol className="flex list-decimal flex-col gap-1 pl-5 text-sm" data-testid="pgss-how-to-enable">
          {help.steps.map((s) => (
            <li key={s}>
              <code className="font-mono text-xs">{s}</code>
            </li>
          ))}
        </ol>
      </Panel>
    );
  }
  const sortHref = (key: StatementSort) => {
    const link = sortLink(STATEMENT_COLUMNS, "total", sort, key);
    return queriesHref({ ...search, statementSort: link.sort, statementOrder: link.order });
  };
  // Ascending lists the cheapest statements: the top one is then not on the page.
  const top = sort.direction === "desc" ? stats.statements[0] : undefined;
  return (
    <Panel
      title={stats.statements.length === 0 ? "No statements recorded yet" : top ? `Top statement takes ${pct(top.share)} of database time` : "Statements, least first"}
      description={`From pg_stat_statements since its last reset: ${ms(stats.totalMs)} of execution in total.`}
    >
      {isAdmin ? (
        <div className="mb-3 flex justify-end">
          <ResetStatsButton />
        </div>
      ) : null}
      {stats.statements.length === 0 ? (
        <EmptyState title="No statements yet" description="PostgreSQL lists statements here as they run." />
      ) : (
        <Table data-testid="pgss-statements">
          <TableHeader>
            <TableRow>
              <TableHead>Statement</TableHead>
              <SortHead label="Total" sortKey="total" sort={sort} href={sortHref} className="text-right" />
              <TableHead className="text-right">Share</TableHead>
              <SortHead label="Calls" sortKey="calls" sort={sort} href={sortHref} className="text-right" />
              <SortHead label="Mean" sortKey="mean" sort={sort} href={sortHref} className="text-right" />
              <TableHead className="text-right">Max</TableHead>
              <TableHead className="text-right">Cache hit</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {stats.statements.map((s) => (
              <TableRow key={s.queryid}>
                <QueryCell text={s.query} explain={isAdmin ? { source: "statements", id: s.queryid } : null} />
                <TableCell className="text-right align-top tabular-nums">{ms(s.totalMs)}</TableCell>
                <TableCell className="text-right align-top tabular-nums">{pct(s.share)}</TableCell>
                <TableCell className="text-right align-top tabular-nums">{s.calls.toLocaleString("en-US")}</TableCell>
                <TableCell className="text-right align-top tabular-nums">{ms(s.meanMs)}</TableCell>
                <TableCell className="text-right align-top tabular-nums">{ms(s.maxMs)}</TableCell>
                <TableCell className="text-right align-top tabular-nums">{pct(s.hitRatio)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Panel>
  );
}
