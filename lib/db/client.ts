import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { Pool, type PoolConfig } from "pg";
import { getConfig, type Config } from "../config";
import * as schema from "./schema";
import { TimedClient } from "./timed-client";

export type Db = NodePgDatabase<typeof schema>;
/** A transaction handle: what domain functions take when they join the caller's transaction. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export function poolConfig(url: string, config: Config): PoolConfig {
  return {
    connectionString: url,
    max: config.DATABASE_POOL_MAX,
    connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    statement_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS,
    idle_in_transaction_session_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS * 2,
    application_name: "opsdeck",
    // Every query is timed; lib/boot.ts installs the observer (the slow-query recorder).
    Client: TimedClient,
  };
}

type State = { pool: Pool; db: Db };

/** deadlock_detected, serialization_failure: the whole transaction may simply run again. */
const RETRYABLE_SQLSTATES = new Set(["40P01", "40001"]);
const MAX_ATTEMPTS = 3;

export function sqlState(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * A safety net, not the design: no write path is meant to deadlock (run writes share no row,
 * drizzle/0004). Should PostgreSQL still pick a transaction as a deadlock victim, or refuse
 * one under SERIALIZABLE, it is run again (twice at most, after a short random pause)
 * instead of answering 500. Transaction bodies only touch the database, so a rerun is safe.
 */
function retryingTransactions(db: Db): Db {
  const once = db.transaction.bind(db);
  const transaction: Db["transaction"] = async (body, config) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(body, config);
      } catch (err) {
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE_SQLSTATES.has(sqlState(err) ?? "")) throw err;
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
      }
    }
  };
  db.transaction = transaction;
  return db;
}
// Kept on globalThis so Next's separate module instances (and dev reloads) share one pool.
const holder = globalThis as unknown as { __opsdeckDb?: State };

function state(): State {
  if (!holder.__opsdeckDb) {
    const config = getConfig();
    if (!config.DATABASE_URL) {
      throw new Error("DATABASE_URL is not set: start through `npm start`/`npm run dev`, which provide one");
    }
    const pool = new Pool(poolConfig(config.DATABASE_URL, config));
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on("error", (err) => console.error(`[db] idle client error: ${err.message}`));
    holder.__opsdeckDb = { pool, db: retryingTransactions(drizzle(pool, { schema })) };
  }
  return holder.__opsdeckDb;
}

export function getPool(): Pool {
  return state().pool;
}

export function getDb(): Db {
  return state().db;
}

const lazyHolder = globalThis as unknown as { __opsdeckAsyncCommitPool?: Pool };

/**
 * A small pool whose sessions commit without waiting for the WAL flush
 * (synchronous_commit=off): for high-rate, idempotent check-ins (heartbeat pings) where
 * losing the last few hundred milliseconds in a crash is harmless, and where a write must
 * not take measurably longer than a lookup that finds nothing.
 */
export function getAsyncCommitPool(): Pool {
  if (!lazyHolder.__opsdeckAsyncCommitPool) {
    const config = getConfig();
    if (!config.DATABASE_URL) throw new Error("DATABASE_URL is not set");
    const pool = new Pool({ ...poolConfig(config.DATABASE_URL, config), max: Math.min(4, config.DATABASE_POOL_MAX), options: "-c synchronous_commit=off" });
    pool.on("error", (err) => console.error(`[db] idle client error: ${err.message}`));
    lazyHolder.__opsdeckAsyncCommitPool = pool;
  }
  return lazyHolder.__opsdeckAsyncCommitPool;
}

/** Ends the pools (scripts and tests); the next getDb() opens a new one. */
export async function closeDb(): Promise<void> {
  const current = holder.__opsdeckDb;
  holder.__opsdeckDb = undefined;
  const pings = lazyHolder.__opsdeckAsyncCommitPool;
  lazyHolder.__opsdeckAsyncCommitPool = undefined;
  await Promise.all([current?.pool.end(), pings?.end()]);
}
