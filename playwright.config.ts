import { defineConfig, devices } from "@playwright/test";

// e2e drives the production build in Debian's Chromium (no browser downloads here).
// The app runs in demo mode on its own embedded PostgreSQL in a fresh data dir.
import { CHROMIUM_ARGS, CHROMIUM_PATH, E2E_DATA_DIR, E2E_PORT } from "./e2e/support/env";
import { SINK_DSN } from "./e2e/support/envelope-sink";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "node_modules/.bin/tsx --conditions=react-server e2e/support/start-server.ts",
    url: `http://127.0.0.1:${E2E_PORT}/api/health/ready`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      PORT: String(E2E_PORT),
      OPSDECK_DATA_DIR: E2E_DATA_DIR,
      // Always the embedded server: e2e seeds demo data and must never touch an external database.
      DATABASE_URL: "",
      NEXTAUTH_URL: `http://localhost:${E2E_PORT}`,
      // Errors go to a local envelope sink (e2e/support/envelope-sink.ts); the fault pages exist only here.
      SENTRY_DSN: SINK_DSN,
      OPSDECK_E2E_FAULTS: "1",
    },
  },
});
