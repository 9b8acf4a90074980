import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { processAlive } from "../lib/db/embedded";

// `npm start` as an operator runs it: its own data dir, a production start, Ctrl-C.
const TSX = ["node_modules/.bin/tsx", "--conditions=react-server"];
const PORT = 3111;

function launch(args: string[], env: Record<string, string>): ChildProcess & { output: () => string } {
  const child = spawn(TSX[0]!, [...TSX.slice(1), ...args], {
    env: { ...process.env, DATABASE_URL: "", NEXTAUTH_URL: "", ...env },
    detached: true, // its own process group, like a terminal's foreground job
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  return Object.assign(child, { output: () => output });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));

async function waitReady(child: ChildProcess & { output: () => string }) {
  for (let i = 0; i < 600 && child.exitCode === null; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${PORT}/api/health/ready`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not become ready; its output:\n${child.output()}`);
}

test.describe("npm start lifecycle", () => {
  test.describe.configure({ timeout: 180_000 });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "opsdeck-lifecycle-"));
  fs.chmodSync(dataDir, 0o755);
  const secret = randomBytes(32).toString("base64url");
  test.afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test("a production start without NEXTAUTH_SECRET stops with one clear line", async () => {
    const child = launch(["scripts/serve.ts", "start"], { OPSDECK_DATA_DIR: dataDir, NEXTAUTH_SECRET: "" });
    expect(await exited(child)).toBe(1);
    const lines = child.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("NEXTAUTH_SECRET");
  });

  test("a malformed setting stops the start naming the variable", async () => {
    const child = launch(["scripts/serve.ts", "start"], { OPSDECK_DATA_DIR: dataDir, NEXTAUTH_SECRET: secret, PORT: "eighty" });
    expect(await exited(child)).toBe(1);
    expect(child.output().trim().split("\n")).toEqual([expect.stringContaining("PORT")]);
  });

  test("Ctrl-C stops Next and PostgreSQL; the second start reuses the data", async () => {
    const env = { OPSDECK_DATA_DIR: dataDir, NEXTAUTH_SECRET: secret, PORT: String(PORT) };
    const first = launch(["scripts/serve.ts", "start"], env);
    await waitReady(first);
    expect(first.output()).toContain("initialising embedded PostgreSQL");
    const pidFile = path.join(dataDir, "pg", "postmaster.pid");
    const postmaster = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
    expect(processAlive(postmaster)).toBe(true);

    process.kill(-first.pid!, "SIGINT");
    await exited(first);
    expect(fs.existsSync(pidFile)).toBe(false);
    expect(processAlive(postmaster)).toBe(false);

    const second = launch(["scripts/serve.ts", "start"], env);
    await waitReady(second);
    expect(second.output()).not.toContain("initialising embedded PostgreSQL");
    process.kill(-second.pid!, "SIGTERM");
    await exited(second);
    expect(fs.existsSync(pidFile)).toBe(false);
  });

  test("a production start refuses to run while demo users exist", async () => {
    const seed = launch(["scripts/cli.ts", "seed", "--demo"], { OPSDECK_DATA_DIR: dataDir });
    expect(await exited(seed)).toBe(0);
    const child = launch(["scripts/serve.ts", "start"], { OPSDECK_DATA_DIR: dataDir, NEXTAUTH_SECRET: secret, PORT: String(PORT) });
    expect(await exited(child)).toBe(1);
    expect(child.output()).toMatch(/Refusing to start in production: demo users/);
    expect(fs.existsSync(path.join(dataDir, "pg", "postmaster.pid"))).toBe(false);
  });
});
