import fs from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { E2E_DATA_DIR } from "./env";

// Direct access to the e2e server's embedded database, for assertions on what the app wrote
// (audit rows). Reads the port from postmaster.pid and the password from the data dir.
export async function withE2eDatabase<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const dir = path.resolve(E2E_DATA_DIR);
  const port = Number(fs.readFileSync(path.join(dir, "pg", "postmaster.pid"), "utf8").split("\n")[3]);
  const { postgresPassword } = JSON.parse(fs.readFileSync(path.join(dir, "secrets.json"), "utf8")) as { postgresPassword: string };
  const client = new Client({ host: "127.0.0.1", port, user: "postgres", password: postgresPassword, database: "opsdeck" });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
