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
    templateDatabase: string;
  }
}

let handle: EmbeddedHandle | undefined;
let serverUrl = "";
const templateDatabase = `opsdeck_tpl_${process.pid}`;

export async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    serverUrl = process.env.DATABASE_URL;
  } else {
    handle = await startEmbeddedPostgres({ dataDir: process.env.OPSDECK_TEST_DATA_DIR ?? ".data/vitest" });
    serverUrl = handle.url;
  }
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDatabase} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${templateDatabase}`);
  await admin.end();
  await migrateDatabase(withDatabase(serverUrl, templateDatabase));
  project.provide("serverUrl", serverUrl);
  project.provide("templateDatabase", templateDatabase);
}

export async function teardown() {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'opsdeck_t\\_%' OR datname = $1",
    [templateDatabase],
  );
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  await admin.end();
  await handle?.stop();
}
