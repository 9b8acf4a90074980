import "server-only";
import type { AccessContext } from "../auth/principal";
import { getPool } from "../db/client";
import { withoutQueryRecording } from "../db/query-context";
import { authorizeQueryRead } from "./access";
import type { Queryable } from "./pg-stats";
import { normalizeForDisplay } from "./sql-text";

// The basics PgHero users rely on, straight from the catalog and statistics views.

/** A query running longer than this is called long-running. */
export const LONG_RUNNING_MS = 60_000;

export type ActivityRow = { pid: number; state: string; durationMs: number; waitEvent: string | null; application: string; query: string; long: boolean };
export type IndexRow = { table: string; index: string; sizeBytes: number; scans: number };
export type DuplicateIndexRow = { table: string; index: string; coveredBy: string; sizeBytes: number };
export type SizeRow = { table: string; totalBytes: number; tableBytes: number; indexBytes: number; rows: number };
export type DatabaseHealth = {
  activity: ActivityRow[];
  connections: { state: string; count: number }[];
  cacheHit: { table: number | null; index: number | null };
  unusedIndexes: IndexRow[];
  duplicateIndexes: DuplicateIndexRow[];
  sizes: SizeRow[];
};

// Every statement below starts with this comment, so the activity list can leave out the
// console's own introspection (it runs on several pooled connections at once, and would
// otherwise read as "3 active queries" on every visit).
const OWN = "/* opsdeck:database-health */";

export async function readDatabaseHealth(db: Queryable): Promise<DatabaseHealth> {
  const [activity, connections, cache, unused, duplicates, sizes] = await Promise.all([
    db.query<{ pid: number; state: string; duration_ms: number; wait: string | null; app: string; query: string }>(`${OWN}
      SELECT pid, coalesce(state, 'unknown') AS state,
             extract(epoch FROM clock_timestamp() - query_start) * 1000 AS duration_ms,
             nullif(concat_ws(':', wait_event_type, wait_event), '') AS wait,
             application_name AS app, left(query, 20000) AS query
      FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND state IS DISTINCT FROM 'idle' AND backend_type = 'client backend'
        AND left(query, ${OWN.length}) <> '${OWN}'
      ORDER BY query_start NULLS LAST LIMIT 100`),
    db.query<{ state: string; count: number }>(`${OWN}
      SELECT coalesce(state, 'background') AS state, count(*)::int AS count
      FROM pg_stat_activity WHERE datname = current_database() GROUP BY 1 ORDER BY 2 DESC`),
    db.query<{ table_hit: number | null; index_hit: number | null }>(`${OWN}
      SELECT (SELECT sum(heap_blks_hit)::float8 / nullif(sum(heap_blks_hit) + sum(heap_blks_read), 0) FROM pg_statio_user_tables) AS table_hit,
             (SELECT sum(idx_blks_hit)::float8 / nullif(sum(idx_blks_hit) + sum(idx_blks_read), 0) FROM pg_statio_user_indexes) AS index_hit`),
    // A partitioned table's index counts once, over all its partitions (drizzle/0008): the
    // empty partitions made ahead would otherwise each list an "unused" index.
    db.query<{ table: string; index: string; size: number; scans: number }>(`${OWN}
      WITH leaf AS (
        SELECT s.idx_scan, pg_relation_size(s.indexrelid) AS size,
               coalesce((SELECT p.inhparent FROM pg_inherits p WHERE p.inhrelid = s.indexrelid), s.indexrelid) AS top
        FROM pg_stat_user_indexes s
      )
      SELECT t.relname AS table, ic.relname AS index, sum(l.size)::float8 AS size, sum(l.idx_scan)::float8 AS scans
      FROM leaf l JOIN pg_index i ON i.indexrelid = l.top JOIN pg_class ic ON ic.oid = l.top JOIN pg_class t ON t.oid = i.indrelid
      WHERE NOT i.indisunique AND NOT i.indisprimary
      GROUP BY t.relname, ic.relname HAVING sum(l.idx_scan) = 0
      ORDER BY size DESC, ic.relname LIMIT 50`),
    // An index is redundant when another index on the same table starts with the same
    // columns (and it is not itself enforcing uniqueness). Partial and expression indexes are left out.
    db.query<{ table: string; index: string; covered_by: string; size: number }>(`${OWN}
      SELECT t.relname AS table, a_idx.relname AS index, b_idx.relname AS covered_by, pg_relation_size(a.indexrelid)::float8 AS size
      FROM pg_index a
      JOIN pg_index b ON a.indrelid = b.indrelid AND a.indexrelid <> b.indexrelid
      JOIN pg_class a_idx ON a_idx.oid = a.indexrelid
      JOIN pg_class b_idx ON b_idx.oid = b.indexrelid
      JOIN pg_class t ON t.oid = a.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
        AND NOT a.indisunique AND a.indpred IS NULL AND b.indpred IS NULL AND a.indexprs IS NULL AND b.indexprs IS NULL
        AND (b.indkey::text || ' ') LIKE (a.indkey::text || ' %')
        AND (a.indkey::text <> b.indkey::text OR b.indisunique OR a.indexrelid > b.indexrelid)
      ORDER BY size DESC LIMIT 50`),
    // A partitioned table is listed once with the sum of its partitions, the partitions not at all.
    db.query<{ table: string; total: number; heap: number; indexes: number; rows: number }>(`${OWN}
      SELECT c.relname AS table, sum(pg_total_relation_size(k.oid))::float8 AS total, sum(pg_relation_size(k.oid))::float8 AS heap,
             sum(pg_indexes_size(k.oid))::float8 AS indexes,
             -- reltuples is -1 until the first ANALYZE and stale on small tables; live tuples fill in.
             sum(greatest(k.reltuples, coalesce(st.n_live_tup, 0), 0))::float8 AS rows
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_class k ON (c.relkind <> 'p' AND k.oid = c.oid) OR (c.relkind = 'p' AND k.oid IN (SELECT relid FROM pg_partition_tree(c.oid) WHERE isleaf))
      LEFT JOIN pg_stat_user_tables st ON st.relid = k.oid
      WHERE c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
      GROUP BY c.oid, c.relname ORDER BY total DESC LIMIT 30`),
  ]);
  const activityRows: ActivityRow[] = [];
  for (const a of activity.rows) {
    const duration = Number(a.duration_ms ?? 0);
    activityRows.push({
      pid: a.pid,
      state: a.state,
      durationMs: duration,
      waitEvent: a.wait,
      application: a.app,
      // pg_stat_activity shows the literal values; only the normalized text is shown.
      query: a.query ? ((await normalizeForDisplay(a.query)) ?? "(statement text hidden: not parsable)") : "",
      long: a.state === "active" && duration >= LONG_RUNNING_MS,
    });
  }
  return {
    activity: activityRows,
    connections: connections.rows.map((r) => ({ state: r.state, count: Number(r.count) })),
    cacheHit: { table: cache.rows[0]?.table_hit ?? null, index: cache.rows[0]?.index_hit ?? null },
    unusedIndexes: unused.rows.map((r) => ({ table: r.table, index: r.index, sizeBytes: Number(r.size), scans: Number(r.scans) })),
    duplicateIndexes: duplicates.rows.map((r) => ({ table: r.table, index: r.index, coveredBy: r.covered_by, sizeBytes: Number(r.size) })),
    sizes: sizes.rows.map((r) => ({ table: r.table, totalBytes: Number(r.total), tableBytes: Number(r.heap), indexBytes: Number(r.indexes), rows: Number(r.rows) })),
  };
}

export async function getDatabaseHealth(ctx: AccessContext): Promise<DatabaseHealth> {
  await authorizeQueryRead(ctx, "queries:activity");
  return withoutQueryRecording(() => readDatabaseHealth(getPool()));
}
