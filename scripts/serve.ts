import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import { ConfigError, parseConfig, type Config } from "../lib/config";
import { closeDb, directUrl, getDb } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "../lib/demo/seed";
import { findDemoUsers } from "../lib/demo/guard";
import { loadSecrets } from "../lib/runtime/data-dir";
import { openDatabase } from "./lib/database";

// `npm run dev|start|demo`: validate configuration, bring up PostgreSQL (embedded unless
// DATABASE_URL), migrate under an advisory lock, seed in demo mode, then run Next as a
// child. SIGINT/SIGTERM stop Next first and PostgreSQL after it, so nothing is orphaned.

type Mode = "dev" | "start" | "demo";
const mode = process.argv[2] as Mode;
if (!["dev", "start", "demo"].includes(mode)) {
  console.error("usage: serve.ts dev|start|demo");
  process.exit(2);
}

const log = (line: string) => console.log(`[opsdeck] ${line}`);
const fail = (line: string): never => {
  console.error(line);
  process.exit(1);
};

function loadConfig(): Config {
  const env = { ...process.env };
  if (mode === "demo") env.OPSDECK_DEMO = "1";
  env.NODE_ENV = mode === "dev" ? "development" : "production";
  // Children (Next, and getConfig() in this process) see the same mode. (Assigning undefined
  // to process.env would store the string "undefined".)
  if (env.OPSDECK_DEMO !== undefined) process.env.OPSDECK_DEMO = env.OPSDECK_DEMO;
  (process.env as Record<string, string>).NODE_ENV = env.NODE_ENV;
  try {
    return parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
}

const require = createRequire(import.meta.url);
const nextBin = require.resolve("next/dist/bin/next");

function runNext(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [nextBin, ...args], { stdio: "inherit", env });
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

async function main() {
  const config = loadConfig();
  if (config.isProduction && !config.NEXTAUTH_SECRET) {
    fail("Invalid configuration: NEXTAUTH_SECRET is required in production (generate one: openssl rand -base64 32)");
  }
  const secret = config.NEXTAUTH_SECRET ?? loadSecrets(config.OPSDECK_DATA_DIR).nextauthSecret;
  const baseUrl = config.NEXTAUTH_URL ?? `http://localhost:${config.PORT}`;

  if (mode !== "dev" && !fs.existsSync(`${process.env.NEXT_DIST_DIR ?? ".next"}/BUILD_ID`)) {
    if (mode === "start") fail("No production build found: run `npm run build` first.");
    log("no build found: building (a minute or two, once)…");
    const build = runNext(["build"], { ...process.env, NODE_ENV: "production" });
    const code = await new Promise<number | null>((resolve) => build.on("exit", resolve));
    if (code !== 0) fail("Build failed; see the output above.");
  }

  const database = await openDatabase(config, log);
  const proc: { child?: ChildProcess } = {};
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const child = proc.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await closeDb().catch(() => undefined);
    await database.stop().catch((err: Error) => console.error(`[opsdeck] stopping PostgreSQL: ${err.message}`));
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(130));
  process.on("SIGTERM", () => void shutdown(143));

  try {
    process.env.DATABASE_URL = database.url;
    if (config.OPSDECK_MIGRATE) {
      await migrateDatabase(directUrl(config, database.url)!);
      log("migrations applied");
    }
    if (mode === "demo") {
      const result = await seedDemo(getDb(), { demo: true });
      log(result.skipped ? "demo data already present" : `demo data seeded (${result.runs} runs in ${result.projects} projects)`);
    }
    if (config.isProduction) {
      const found = await findDemoUsers(getDb());
      if (found.length > 0) {
        console.error(`Refusing to start in production: demo users with the demo password exist (${found.join(", ")}). Disable them or change their passwords, or run with OPSDECK_DEMO=1.`);
        return shutdown(1);
      }
    }
    await closeDb();
  } catch (err) {
    console.error(`[opsdeck] start failed: ${err instanceof Error ? err.message : String(err)}`);
    return shutdown(1);
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    NEXTAUTH_SECRET: secret,
    NEXTAUTH_URL: baseUrl,
    OPSDECK_DATABASE_KIND: config.DATABASE_URL ? "external" : "embedded",
  };
  const child = runNext([mode === "dev" ? "dev" : "start", "-p", String(config.PORT)], env);
  proc.child = child;
  child.on("exit", (code) => void shutdown(code ?? 1));

  if (await waitForHttp(`http://127.0.0.1:${config.PORT}/api/health/live`, child, 120_000)) {
    log(`Opsdeck is running at ${baseUrl}`);
    if (config.OPSDECK_DEMO) {
      log(`demo sign-ins (password "${DEMO_PASSWORD}"): ${DEMO_USERS.map((u) => `${u.email} (${u.role})`).join(", ")}`);
    }
    log("press Ctrl-C to stop");
  }
}

void main();
