import { Badge } from "@/components/ui/badge";
import type { AccessContext } from "@/lib/auth/principal";
import { getDatabaseHealth, LONG_RUNNING_MS, type DatabaseHealth } from "@/lib/queries/database-health";
import { formatBytes } from "@/lib/ui/format";
import { EmptyState, ErrorPanel, ms, Panel, pct, QueryCell, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "./views";
import { errorField, log } from "@/lib/log/logger";

export async function ActivityView({ access }: { access: AccessContext }) {
  let health: DatabaseHealth;
  try {
    health = await getDatabaseHealth(access);
  } catch (err) {
    log("queries").error({ err: errorField(err) }, "activity failed");
    return <ErrorPanel what="Live activity" />;
  }
  const long = health.activity.filter((a) => a.long);
  const active = health.activity.length;
  const queries = (n: number) => `${n} ${n === 1 ? "query" : "queries"}`;
  // The verdict first, and one that agrees with the rows under it.
  const verdict = active === 0 ? "Nothing running" : long.length === 0 ? `${active} active ${active === 1 ? "session" : "sessions"}, none long-running` : `${queries(long.length)} long-running of ${active} active`;
  return (
    <div className="flex flex-col gap-4" data-testid="live-activity">
      <Panel title={verdict} description={`Sessions not idle right now, besides this page's own; long-running means active for over ${LONG_RUNNING_MS / 1000} s.`}>
        {health.activity.length === 0 ? (
          <EmptyState title="Nothing running" description="No other session of this database is busy right now." />
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Query</TableHead>
                <TableHead>State</TableHead>
                <TableHead className="text-right">Running for</TableHead>
                <TableHead>Waiting on</TableHead>
                <TableHead className="text-right">PID</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {health.activity.map((a) => (
                <TableRow key={a.pid}>
                  <QueryCell text={a.query} explain={null} />
                  <TableCell className="align-top">
                    <Badge tone={a.long ? "danger" : a.state === "active" ? "info" : "warning"}>{a.state}</Badge>
                  </TableCell>
                  <TableCell className="text-right align-top tabular-nums">{ms(a.durationMs)}</TableCell>
                  <TableCell className="align-top text-xs">{a.waitEvent ?? "—"}</TableCell>
                  <TableCell className="text-right align-top tabular-nums">{a.pid}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Panel>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Panel title="Connections by state" description="Every connection to this database, this page's own included (it reads on several at once).">
          <ul className="flex flex-col gap-1 text-sm">
            {health.connections.map((c) => (
              <li key={c.state} className="flex justify-between">
                <span>{c.state}</span>
                <span className="tabular-nums">{c.count}</span>
              </li>
            ))}
          </ul>
        </Panel>
        <Panel title={`Cache hit rate: ${pct(health.cacheHit.table)} tables, ${pct(health.cacheHit.index)} indexes`} description="Under 99% on a busy database usually means it needs more memory (shared_buffers).">
          <p className="text-sm text-muted-foreground">Share of block reads served from PostgreSQL&apos;s buffer cache since statistics were last reset.</p>
        </Panel>
        <Panel title={health.unusedIndexes.length === 0 ? "No unused indexes" : `${health.unusedIndexes.length} unused indexes`} description="Never scanned since statistics were reset (unique and primary keys excluded).">
          <IndexList rows={health.unusedIndexes.map((i) => ({ key: i.index, name: i.index, table: i.table, size: i.sizeBytes, note: null }))} />
        </Panel>
        <Panel title={health.duplicateIndexes.length === 0 ? "No duplicate indexes" : `${health.duplicateIndexes.length} duplicate indexes`} description="Indexes whose columns another index on the same table already starts with.">
          <IndexList rows={health.duplicateIndexes.map((i) => ({ key: `${i.index}-${i.coveredBy}`, name: i.index, table: i.table, size: i.sizeBytes, note: `covered by ${i.coveredBy}` }))} />
        </Panel>
      </div>
      <Panel title="Largest tables">
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Table</TableHead>
              <TableHead className="text-right">Total</TableHead>
              <TableHead className="text-right">Table</TableHead>
              <TableHead className="text-right">Indexes</TableHead>
              <TableHead className="text-right">Rows (est.)</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {health.sizes.map((s) => (
              <TableRow key={s.table}>
                <TableCell className="font-mono text-xs">{s.table}</TableCell>
                <TableCell className="text-right tabular-nums">{formatBytes(s.totalBytes)}</TableCell>
                <TableCell className="text-right tabular-nums">{formatBytes(s.tableBytes)}</TableCell>
                <TableCell className="text-right tabular-nums">{formatBytes(s.indexBytes)}</TableCell>
                <TableCell className="text-right tabular-nums">{s.rows.toLocaleString("en-US")}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Panel>
    </div>
  );
}

function IndexList({ rows }: { rows: { key: string; name: string; table: string; size: number; note: string | null }[] }) {
  if (rows.length === 0) return <p className="text-sm text-muted-foreground">Nothing to report.</p>;
  return (
    <ul className="flex flex-col gap-1 text-sm">
      {rows.map((r) => (
        <li key={r.key} className="flex justify-between gap-2">
          <span className="min-w-0 font-mono text-xs break-all">
            {r.name} <span className="text-muted-foreground">on {r.table}</span>
            {r.note ? <span className="text-muted-foreground"> · {r.note}</span> : null}
          </span>
          <span className="shrink-0 tabular-nums">{formatBytes(r.size)}</span>
        </li>
      ))}
    </ul>
  );
}
