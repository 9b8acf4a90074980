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
    holder.__opsdeckDb = { pool, db: drizzle(pool, { schema }) };
  }
  return holder.__opsdeckDb;
}

export function getPool(): Pool {
  return state().pool;
}

export function getDb(): Db {
  return state().db;
}

/** Ends the pool (scripts and tests); the next getDb() opens a new one. */
export async function closeDb(): Promise<void> {
  const current = holder.__opsdeckDb;
  holder.__opsdeckDb = undefined;
  await current?.pool.end();
}
