import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { afterAll, inject } from "vitest";
import { installQueryObserver } from "../../lib/boot";
import { closeDb } from "../../lib/db/client";
import { withDatabase } from "./urls";

// Each test file gets its own database, cloned from the migrated template, so files run in
// parallel without sharing rows. process.env.DATABASE_URL points lib/db at it.
const serverUrl = inject("serverUrl");
const database = `${inject("databasePrefix")}${randomBytes(6).toString("hex")}`;

const admin = new Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${database} TEMPLATE ${inject("templateDatabase")}`);
await admin.end();
process.env.DATABASE_URL = withDatabase(inject("pooledUrl"), database);
if (process.env.DATABASE_DIRECT_URL) process.env.DATABASE_DIRECT_URL = withDatabase(serverUrl, database);
// As every instance does at start (lib/boot.ts): queries are timed for the slow-query recorder.
await installQueryObserver();

afterAll(async () => {
  await closeDb();
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await client.end();
});
