import "server-only";
import { sql } from "drizzle-orm";
import { getDb, type Tx } from "../db/client";
import { LOCKS } from "../db/locks";
import { withoutQueryRecording } from "../db/query-context";
import { HISTORY_TABLES, historyTable, type HistoryTable } from "./tables";

// Partition upkeep for the history tables, through the SQL functions of drizzle/0008. Every
// change runs in a transaction holding one advisory lock, so two callers (the job on one
// instance, a retention run on another) take turns instead of racing on the catalog, and
// under a short lock_timeout: attaching and detaching need a brief exclusive lock on the
// table, and waiting behind a long read would queue every writer behind the DDL. A timeout
// fails this run; the next tick tries again.

const DAY_MS = 86_400_000;
const LOCK_TIMEOUT = "5s";

async function underPartitionLock<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withoutQueryRecording(() =>
    getDb().transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCKS.historyPartitions})`);
      await tx.execute(sql.raw(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`));
      return fn(tx);
    }),
  );
}

/** Creates the partitions of `table` missing over [from, to) (idempotent). Returns how many it created. */
export async function ensurePartitions(table: HistoryTable, from: Date, to: Date): Promise<number> {
  return underPartitionLock(async (tx) => {
    const { rows } = await tx.execute<{ created: number }>(sql`SELECT history_partition_ensure(${table.name}, ${table.period}, ${from}, ${to}) AS created`);
    return Number(rows[0]?.created ?? 0);
  });
}

/** The ahead job: every history table covered from its retention back to its horizon ahead. */
export async function ensureHistoryPartitions(now = new Date()): Promise<Record<HistoryTable["name"], number>> {
  const created = {} as Record<HistoryTable["name"], number>;
  for (const table of HISTORY_TABLES) {
    created[table.name] = await ensurePartitions(table, new Date(now.getTime() - table.backDays() * DAY_MS), new Date(now.getTime() + table.aheadDays * DAY_MS));
  }
  return created;
}

export type DropResult = { partitions: number; strayRows: number };

/**
 * Retention by partition: detaches the partitions of `name` wholly older than `cutoff` (a
 * catalog change, whatever their size, under the table's lock for milliseconds), then drops
 * each detached table in its own statement (freeing its files takes time in proportion to
 * their size, with only that table locked), then deletes the default partition's older
 * strays row by row. A partition straddling the cutoff stays until it is all past it.
 */
export async function dropPartitionsBefore(name: HistoryTable["name"], cutoff: Date): Promise<DropResult> {
  const table = historyTable(name);
  const detached = await underPartitionLock(async (tx) => {
    const { rows } = await tx.execute<{ name: string }>(sql`SELECT history_partition_detach_before(${table.name}, ${cutoff}) AS name`);
    return rows.map((r) => r.name);
  });
  return withoutQueryRecording(async () => {
    for (const detachedTable of detached) await getDb().execute(sql`DROP TABLE IF EXISTS ${sql.identifier(detachedTable)}`);
    const strays = await getDb().execute(sql`DELETE FROM ${sql.identifier(`${table.name}_default`)} WHERE ${sql.identifier(table.column)} < ${cutoff}`);
    return { partitions: detached.length, strayRows: strays.rowCount ?? 0 };
  });
}

export type PartitionInfo = { name: string; from: Date | null; to: Date | null; isDefault: boolean };

/** The partitions of a history table, oldest first, the default one last (for tests and /admin/system). */
export async function listPartitions(name: HistoryTable["name"]): Promise<PartitionInfo[]> {
  const { rows } = await getDb().execute<{ name: string; bound: string; lo: Date | null; hi: Date | null }>(sql`
    SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound,
      (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz AS lo,
      (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS hi
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = ${name}::regclass
    ORDER BY lo NULLS LAST`);
  return rows.map((r) => ({ name: r.name, from: r.lo ? new Date(r.lo) : null, to: r.hi ? new Date(r.hi) : null, isDefault: r.bound === "DEFAULT" }));
}
