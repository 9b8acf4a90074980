import path from "node:path";
import { Client } from "pg";
import { runningPort } from "../../lib/db/embedded";
import { E2E_DATA_DIR, readE2eSecrets } from "./env";

// Direct access to the e2e server's embedded database, for assertions on what the app wrote
// (audit rows). Reads the port from postmaster.pid and the password from the data dir.
export async function withE2eDatabase<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const port = runningPort(path.join(path.resolve(E2E_DATA_DIR), "pg"));
  if (port === undefined) throw new Error(`no PostgreSQL is running for the e2e data dir ${E2E_DATA_DIR}`);
  const client = new Client({ host: "127.0.0.1", port, user: "postgres", password: readE2eSecrets().postgresPassword, database: "opsdeck" });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
