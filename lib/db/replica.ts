import { drizzle } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import { getConfig } from "../config";
import { getDb, poolConfig, sqlState, type Db } from "./client";
import * as schema from "./schema";

// Reads that tolerate a few seconds of lag (dashboards: overview, metrics history, project
// lists and KPIs, queries pages) go to DATABASE_REPLICA_URL while it is up and its replay lag
// is at most DATABASE_REPLICA_MAX_LAG_SECONDS; otherwise, and for everything else (writes,
// authorization, ETag/304, read-after-write), the primary. The replica is checked every
// second; a read that fails for want of the replica is served by the primary at once.

export type ReplicaStatus =
  | { configured: false }
  | {
      configured: true;
      /** Whether reads go there now. */
      serving: boolean;
      state: "up" | "lagging" | "down" | "unknown";
      /** Seconds behind the primary (0 when it has replayed all it received); null when unknown. */
      lagSeconds: number | null;
      maxLagSeconds: number;
      error: string | null;
      checkedAt: string | null;
    };

const CHECK_INTERVAL_MS = 1_000;
const CHECK_TIMEOUT_MS = 1_000;

type State = {
  url: string;
  pool: Pool;
  db: Db;
  serving: boolean;
  state: "up" | "lagging" | "down" | "unknown";
  lagSeconds: number | null;
  error: string | null;
  checkedAt: Date | null;
  checking: Promise<void> | null;
  timer: NodeJS.Timeout | null;
};
const holder = globalThis as unknown as { __opsdeckReplica?: State };

function replica(): State | null {
  const config = getConfig();
  const url = config.DATABASE_REPLICA_URL;
  if (!url) return null;
  if (holder.__opsdeckReplica?.url !== url) {
    const base = poolConfig(url, config);
    const pool = new Pool({ ...base, connectionTimeoutMillis: Math.min(base.connectionTimeoutMillis ?? CHECK_TIMEOUT_MS, 2_000) });
    pool.on("error", (err) => console.error(`[db] idle replica client error: ${err.message}`));
    holder.__opsdeckReplica = { url, pool, db: drizzle(pool, { schema }), serving: false, state: "unknown", lagSeconds: null, error: null, checkedAt: null, checking: null, timer: null };
    startChecks(holder.__opsdeckReplica);
  }
  return holder.__opsdeckReplica;
}

function startChecks(s: State): void {
  void checkReplica();
  s.timer = setInterval(() => void checkReplica(), CHECK_INTERVAL_MS);
  s.timer.unref();
}

/** One check of the replica: reachable, a standby, and how far behind. */
export async function checkReplica(): Promise<void> {
  const s = replica();
  if (!s) return;
  s.checking ??= (async () => {
    const maxLag = getConfig().DATABASE_REPLICA_MAX_LAG_SECONDS;
    try {
      const client = await s.pool.connect();
      try {
        const { rows } = await client.query<{ lag: number | null }>({
          text: `SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0
                             WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                             ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END::float8 AS lag`,
          query_timeout: CHECK_TIMEOUT_MS,
        } as never);
        const lag = rows[0]?.lag ?? null;
        s.lagSeconds = lag === null ? null : Math.max(0, Math.round(lag * 10) / 10);
        s.serving = s.lagSeconds !== null && s.lagSeconds <= maxLag;
        s.state = s.serving ? "up" : "lagging";
        s.error = s.serving ? null : `replay lag ${s.lagSeconds ?? "unknown"} s is over ${maxLag} s`;
      } finally {
        client.release();
      }
    } catch (err) {
      markDown(s, err);
    } finally {
      s.checkedAt = new Date();
      s.checking = null;
    }
  })();
  return s.checking;
}

function markDown(s: State, err: unknown): void {
  s.serving = false;
  s.state = "down";
  s.lagSeconds = null;
  s.error = err instanceof Error ? err.message : String(err);
}

/** Errors that mean "the replica is not there" rather than "this query is wrong". */
function unavailable(err: unknown): boolean {
  const code = sqlState(err) ?? "";
  if (code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03") return true;
  const message = err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? "")}` : String(err);
  return /ECONNREFUSED|ECONNRESET|Connection terminated|timeout exceeded when trying to connect|the database system is (starting up|shutting down)/i.test(message);
}

/**
 * Runs a lag-tolerant read on the replica when it is serving, else on the primary. Should
 * the replica fail under it for want of a connection, the read is run on the primary.
 */
export async function onReplica<T>(read: (db: Db) => Promise<T>): Promise<T> {
  const s = replica();
  if (!s?.serving) return read(getDb());
  try {
    return await read(s.db);
  } catch (err) {
    if (!unavailable(err)) throw err;
    markDown(s, err);
    return read(getDb());
  }
}

export function replicaStatus(): ReplicaStatus {
  const s = replica();
  if (!s) return { configured: false };
  return {
    configured: true,
    serving: s.serving,
    state: s.state,
    lagSeconds: s.lagSeconds,
    maxLagSeconds: getConfig().DATABASE_REPLICA_MAX_LAG_SECONDS,
    error: s.error,
    checkedAt: s.checkedAt?.toISOString() ?? null,
  };
}

/** Ends the replica pool (tests, scripts). */
export async function closeReplica(): Promise<void> {
  const s = holder.__opsdeckReplica;
  holder.__opsdeckReplica = undefined;
  if (s?.timer) clearInterval(s.timer);
  await s?.checking?.catch(() => undefined);
  await s?.pool.end();
}
