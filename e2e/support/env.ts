import fs from "node:fs";
import path from "node:path";
import type { DataDirSecrets } from "../../lib/runtime/data-dir";

// Where the e2e server lives; overridable so two e2e runs (or a run beside a developer's) don't collide.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_DATA_DIR = process.env.E2E_DATA_DIR ?? ".data/e2e";

/** Debian's Chromium (no browser downloads here), and the flags it runs with. */
export const CHROMIUM_PATH = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/** The secrets the e2e server generated in its data dir (never to appear in a page). */
export function readE2eSecrets(): DataDirSecrets {
  return JSON.parse(fs.readFileSync(path.join(path.resolve(E2E_DATA_DIR), "secrets.json"), "utf8")) as DataDirSecrets;
}
