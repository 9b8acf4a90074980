import fs from "node:fs";
import path from "node:path";
import { processAlive, runningPort } from "../../lib/db/embedded";
import { startEnvelopeSink } from "./envelope-sink";
import { E2E_DATA_DIR } from "./env";

// The e2e web server: a fresh data dir every run (the database is seeded from scratch),
// then the same `serve.ts demo` a user runs. A postmaster left on the dir by a killed run is
// stopped first. (Playwright starts webServer before globalSetup, so this cannot live there.)
const dir = path.resolve(E2E_DATA_DIR);
const pgdata = path.join(dir, "pg");
if (runningPort(pgdata)) {
  const pid = Number(fs.readFileSync(path.join(pgdata, "postmaster.pid"), "utf8").split("\n")[0]);
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 100 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}
fs.rmSync(dir, { recursive: true, force: true });
// The Sentry envelope sink SENTRY_DSN points at (playwright.config.ts), up before the app.
await startEnvelopeSink();
process.argv[2] = "demo";
await import("../../scripts/serve");
