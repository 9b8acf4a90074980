import "server-only";
import type { SortDirection } from "../db/keyset";
import { sql } from "drizzle-orm";
import type { Pool, PoolClient } from "pg";
import { recordAudit } from "../audit/record";
import { actorOf, type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { getDb, getPool } from "../db/client";
import { withoutQueryRecording } from "../db/query-context";
import { ConflictError } from "../errors";
import { authorizeQueryRead } from "./access";
import { normalizeForDisplay } from "./sql-text";

// The database's own view of its statements (pg_stat_statements), like PgHero's "Queries".
// When the extension is not loaded or not created, the answer says which, so the page can
// show how to enable it instead of an error.

export type Queryable = Pool | PoolClient;

export const STATEMENT_SORTS = ["total", "mean", "calls"] as const;
export type StatementSort = (typeof STATEMENT_SORTS)[number];

export type StatementRow = {
  queryid: string;
  query: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  maxMs: number;
  rows: number;
  /** This statement's share of the database's total execution time, 0…1. */
  share: number;
  hitRatio: number | null;
};

export type StatementStats =
  | { available: true; statements: StatementRow[]; totalMs: number; serverVersionNum: number }
  | { available: false; reason: "not_preloaded" | "not_installed" | "no_permission"; serverVersionNum: number };

const ORDER: Record<StatementSort, string> = { total: "total_exec_time", mean: "mean_exec_time", calls: "calls" };

async function availability(db: Queryable): Promise<{ preloaded: boolean | null; installed: boolean; versionNum: number }> {
  const { rows } = await db.query<{ preload: string | null; installed: boolean; version_num: number }>(`
    SELECT (SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries') AS preload,
           EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements') AS installed,
           current_setting('server_version_num')::int AS version_num`);
  const row = rows[0]!;
  const preloaded = row.preload === null ? null : row.preload.split(",").some((lib) => lib.trim().replace(/"/g, "") === "pg_stat_statements");
  return { preloaded, installed: row.installed, versionNum: row.version_num };
}

/** Reads the top statements from any connection (the app's pool, or another server's). */
export async function readStatementStats(db: Queryable, sort: StatementSort = "total", limit = 50, direction: SortDirection = "desc"): Promise<StatementStats> {
  const { preloaded, installed, versionNum } = await availability(db);
  if (preloaded === false) return { available: false, reason: "not_preloaded", serverVersionNum: versionNum };
  if (!installed) return { available: false, reason: "not_installed", serverVersionNum: versionNum };
  let rows: Record<string, unknown>[];
  try {
    ({ rows } = await db.query(`
      SELECT queryid::text AS queryid, query, calls::float8 AS calls,
             total_exec_time AS total_ms, mean_exec_time AS mean_ms, max_exec_time AS max_ms, rows::float8 AS rows,
             coalesce(total_exec_time / nullif(sum(total_exec_time) OVER (), 0), 0) AS share,
             shared_blks_hit::float8 / nullif(shared_blks_hit + shared_blks_read, 0) AS hit_ratio,
             sum(total_exec_time) OVER () AS all_ms
      FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND queryid IS NOT NULL
      ORDER BY ${ORDER[sort]} ${direction === "asc" ? "ASC" : "DESC"}, queryid
      LIMIT ${Math.max(1, Math.min(200, Math.trunc(limit)))}`));
  } catch (err) {
    const code = (err as { code?: string }).code;
    // 55000: "must be loaded via shared_preload_libraries" (pg_settings hid the setting from us).
    if (code === "55000") return { available: false, reason: "not_preloaded", serverVersionNum: versionNum };
    if (code === "42501") return { available: false, reason: "no_permission", serverVersionNum: versionNum };
    throw err;
  }
  const statements: StatementRow[] = [];
  for (const r of rows) {
    // Utility statements are kept verbatim by PostgreSQL (literals included); show only what
    // the parser can normalize.
    const text = String(r.query ?? "");
    const query = (await normalizeForDisplay(text)) ?? "(statement text hidden: not parsable)";
    statements.push({
      queryid: String(r.queryid),
      query,
      calls: Number(r.calls),
      totalMs: Number(r.total_ms),
      meanMs: Number(r.mean_ms),
      maxMs: Number(r.max_ms),
      rows: Number(r.rows),
      share: Number(r.share),
      hitRatio: r.hit_ratio === null ? null : Number(r.hit_ratio),
    });
  }
  return { available: true, statements, totalMs: rows.length ? Number(rows[0]!.all_ms) : 0, serverVersionNum: versionNum };
}

export async function getStatementStats(ctx: AccessContext, sort: StatementSort = "total", direction: SortDirection = "desc"): Promise<StatementStats> {
  await authorizeQueryRead(ctx, "queries:statements");
  return withoutQueryRecording(() => readStatementStats(getPool(), sort, 50, direction));
}

/** The normalized text of one pg_stat_statements entry (for EXPLAIN), or null. */
export async function statementText(queryid: string): Promise<string | null> {
  if (!/^-?\d{1,20}$/.test(queryid)) return null;
  try {
    const { rows } = await getPool().query<{ query: string }>(
      "SELECT query FROM pg_stat_statements WHERE queryid = $1::bigint AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) LIMIT 1",
      [queryid],
    );
    return rows[0]?.query ?? null;
  } catch {
    return null;
  }
}

/** Clears pg_stat_statements for every database (admin; audited in the same transaction). */
export async function resetStatementStats(ctx: AccessContext): Promise<void> {
  await authorize(ctx, "admin", "queries:reset");
  const stats = await readStatementStats(getPool(), "total", 1);
  if (!stats.available) throw new ConflictError("pg_stat_statements is not available on this database, so there is nothing to reset");
  await getDb().transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_stat_statements_reset()`);
    await recordAudit(tx, {
      action: "query_stats.reset",
      actor: actorOf(ctx.principal),
      target: { type: "database", id: "pg_stat_statements" },
      changes: { statementsBefore: stats.statements.length > 0 ? "some" : "none", totalMsBefore: Math.round(stats.totalMs) },
      meta: ctx.meta,
    });
  });
}
