import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { Pool, type PoolConfig } from "pg";
import { getConfig, type Config } from "../config";
import * as schema from "./schema";
import { TimedClient, UnnamedStatementsClient } from "./timed-client";
import { errorField, log } from "../log/logger";

export type Db = NodePgDatabase<typeof schema>;
/** A transaction handle: what domain functions take when they join the caller's transaction. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export function poolConfig(url: string, config: Config): PoolConfig {
  const base: PoolConfig = {
    connectionString: url,
    max: config.DATABASE_POOL_MAX,
    connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    application_name: "opsdeck",
    // Every query is timed; lib/boot.ts installs the observer (the slow-query recorder).
    Client: TimedClient,
  };
  if (config.DATABASE_POOL_MODE === "transaction") {
    // A transaction-mode pooler hands each transaction to any server connection and refuses
    // session parameters in the startup packet: the statement bound is kept by the client
    // (pg's query_timeout), and the server-side ones belong on the role (README, "Scaling").
    return { ...base, Client: UnnamedStatementsClient, query_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS };
  }
  return {
    ...base,
    statement_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS,
    idle_in_transaction_session_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS * 2,
  };
}

/** Where session-level work connects (migrations, session advisory locks): the direct URL when set. */
export function directUrl(config: Config, fallback?: string): string | undefined {
  return config.DATABASE_DIRECT_URL ?? fallback ?? config.DATABASE_URL;
}

type State = { pool: Pool; db: Db; direct?: Pool };

/** deadlock_detected, serialization_failure: the whole transaction may simply run again. */
const RETRYABLE_SQLSTATES = new Set(["40P01", "40001"]);
const MAX_ATTEMPTS = 3;

/**
 * What to log of a failed query: the driver's message only. drizzle's wrapper error says
 * "Failed query: <sql> params: <values>", and parameters may carry user data.
 */
export function dbErrorMessage(err: unknown): string {
  const e = err as { message?: unknown; cause?: { message?: unknown } } | null;
  const message = typeof e?.cause?.message === "string" ? e.cause.message : typeof e?.message === "string" ? e.message : String(err);
  return message.startsWith("Failed query:") ? "query failed" : message;
}

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
    pool.on("error", (err) => log("db").error({ err: errorField(err) }, "idle client error"));
    holder.__opsdeckDb = { pool, db: retryingTransactions(drizzle(pool, { schema })) };
  }
  return holder.__opsdeckDb;
}

export function getPool(): Pool {
  return state().pool;
}

/**
 * Connections for session-level work that must stay on one server session (the job
 * scheduler's advisory locks): a small pool on DATABASE_DIRECT_URL when set, else the app's
 * pool. Named prepared statements are never used on either (drizzle sends unnamed ones).
 */
export function getDirectPool(): Pool {
  const s = state();
  const config = getConfig();
  if (!config.DATABASE_DIRECT_URL) return s.pool;
  if (!s.direct) {
    s.direct = new Pool({ ...poolConfig(config.DATABASE_DIRECT_URL, { ...config, DATABASE_POOL_MODE: "session" }), max: 4 });
    s.direct.on("error", (err) => log("db").error({ err: errorField(err) }, "idle direct client error"));
  }
  return s.direct;
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
    // A transaction-mode pooler refuses session options at startup: there pings commit synchronously.
    const asyncCommit = config.DATABASE_POOL_MODE === "transaction" ? {} : { options: "-c synchronous_commit=off" };
    const pool = new Pool({ ...poolConfig(config.DATABASE_URL, config), max: Math.min(4, config.DATABASE_POOL_MAX), ...asyncCommit });
    pool.on("error", (err) => log("db").error({ err: errorField(err) }, "idle async-commit client error"));
    lazyHolder.__opsdeckAsyncCommitPool = pool;
  }
  return lazyHolder.__opsdeckAsyncCommitPool;
}

const closers = globalThis as unknown as { __opsdeckCloseWithDb?: Set<() => Promise<void>> };

/** Registers work for closeDb() (connections opened beside the pools, like the key cache's listener). */
export function closeWithDb(close: () => Promise<void>): void {
  (closers.__opsdeckCloseWithDb ??= new Set()).add(close);
}

/** Ends the pools (scripts and tests); the next getDb() opens a new one. */
export async function closeDb(): Promise<void> {
  const extra = [...(closers.__opsdeckCloseWithDb ?? [])];
  closers.__opsdeckCloseWithDb?.clear();
  await Promise.all(extra.map((close) => close().catch(() => undefined)));
  const current = holder.__opsdeckDb;
  holder.__opsdeckDb = undefined;
  const pings = lazyHolder.__opsdeckAsyncCommitPool;
  lazyHolder.__opsdeckAsyncCommitPool = undefined;
  await Promise.all([current?.pool.end(), current?.direct?.end(), pings?.end()]);
}
