import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { getConfig, parseConfig } from "../lib/config";
import { installQueryObserver } from "../lib/boot";
import { closeDb } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { openDatabase, type OpenedDatabase } from "../scripts/lib/database";

// getConfig() reads the environment once per process, DATABASE_URL included, so every
// benchmark of a run uses the same database name on one server, dropped and recreated
// empty for each. Rate limits are lifted (unless set): benchmarks measure what each layer
// costs, and a 429 costs nothing.
const LIFTED_LIMITS = ["RATELIMIT_READ_PER_MINUTE", "RATELIMIT_WRITE_PER_MINUTE", "RATELIMIT_BATCH_PER_MINUTE", "RATELIMIT_HEARTBEAT_PER_MINUTE", "RATELIMIT_STATUS_PAGE_PER_MINUTE"];
const DATABASE = `opsdeck_bench_${randomBytes(4).toString("hex")}`;

let server: Promise<{ opened: OpenedDatabase; url: string }> | undefined;

async function openServer(): Promise<{ opened: OpenedDatabase; url: string }> {
  for (const name of LIFTED_LIMITS) process.env[name] ??= "1000000";
  const config = parseConfig(process.env);
  const opened = await openDatabase({ ...config, OPSDECK_DATA_DIR: process.env.BENCH_DATA_DIR ?? ".data/bench" }, () => undefined);
  const url = new URL(opened.url);
  url.pathname = `/${DATABASE}`;
  process.env.DATABASE_URL = url.toString();
  if (getConfig().DATABASE_URL !== url.toString()) throw new Error("configuration was read before the bench database was chosen");
  return { opened, url: url.toString() };
}

/** A fresh migrated database on the configured (or embedded) server for one benchmark. */
export async function withBenchDatabase<T>(fn: () => Promise<T>): Promise<T> {
  server ??= openServer();
  const { opened, url } = await server;
  const admin = new Client({ connectionString: opened.url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DATABASE}`);
    await migrateDatabase(url);
    // As a running instance does (lib/boot.ts): every query timed for the slow-query recorder.
    await installQueryObserver();
    return await fn();
  } finally {
    await closeDb();
    // The pool's connections finish closing after end() resolves: wait for the server to see
    // them gone (bounded), so FORCE has no one to terminate and the pool logs no errors.
    for (let i = 0; i < 100; i++) {
      const { rows } = await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1", [DATABASE]);
      if (rows[0]!.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.end();
  }
}

/** Stops the embedded server if this run started it. */
export async function stopBenchServer(): Promise<void> {
  const current = server;
  server = undefined;
  if (current) await (await current).opened.stop();
}
