import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedHandle } from "../../lib/db/embedded";
import { migrateDatabase } from "../../lib/db/migrate";
import { withDatabase } from "./urls";

// One PostgreSQL for the run (embedded unless DATABASE_URL is set), one migrated template
// database, and (in database.ts) a fresh copy of the template for every test file.

declare module "vitest" {
  export interface ProvidedContext {
    serverUrl: string;
    /** Where the app's pool connects: serverUrl, or a pooler in front of it. */
    pooledUrl: string;
    templateDatabase: string;
    /** Per-file databases of this run start with it, so teardown drops only ours. */
    databasePrefix: string;
  }
}

let handle: EmbeddedHandle | undefined;
let dataDir: string | undefined;
let serverUrl = "";
let pooledUrl = "";
const templateDatabase = `opsdeck_tpl_${process.pid}`;

export async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    // Through a pooler (DATABASE_POOL_MODE=transaction): databases are made and migrated over
    // the direct URL, and the tests' pools connect through the pooler.
    serverUrl = process.env.DATABASE_DIRECT_URL ?? process.env.DATABASE_URL;
    pooledUrl = process.env.DATABASE_URL;
  } else {
    // A fresh server per run, so two runs at once (two terminals, two engineers) never share one.
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "opsdeck-vitest-"));
    fs.chmodSync(dataDir, 0o755);
    handle = await startEmbeddedPostgres({ dataDir });
    serverUrl = handle.url;
    pooledUrl = handle.url;
  }
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDatabase} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${templateDatabase}`);
  await admin.end();
  await migrateDatabase(withDatabase(serverUrl, templateDatabase));
  project.provide("serverUrl", serverUrl);
  project.provide("pooledUrl", pooledUrl);
  project.provide("templateDatabase", templateDatabase);
  project.provide("databasePrefix", `opsdeck_t${process.pid}_`);
}

export async function teardown() {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE starts_with(datname, $2) OR datname = $1",
    [templateDatabase, `opsdeck_t${process.pid}_`],
  );
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  await admin.end();
  await handle?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
