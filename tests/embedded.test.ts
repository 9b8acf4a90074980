import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { processAlive, runningPort, startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrate";

// The embedded server's lifecycle on its own data dir, separate from the suite's server.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "opsdeck-embedded-"));
fs.chmodSync(dataDir, 0o755);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function query(url: string, text: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

const pgdata = path.join(dataDir, "pg");
const pidFile = path.join(pgdata, "postmaster.pid");

describe("embedded PostgreSQL", () => {
  it("initialises, preloads pg_stat_statements, and stops without leaving a postmaster", async () => {
    const lines: string[] = [];
    const handle = await startEmbeddedPostgres({ dataDir, log: (l) => lines.push(l) });
    expect(handle.owned).toBe(true);
    expect(lines.some((l) => l.startsWith("initialising"))).toBe(true);
    const { rows } = await query(handle.url, "SHOW shared_preload_libraries");
    expect(rows[0].shared_preload_libraries).toContain("pg_stat_statements");
    await query(handle.url, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");
    const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
    await handle.stop();
    expect(fs.existsSync(pidFile)).toBe(false);
    expect(processAlive(pid)).toBe(false);
  });

  it("a second start reuses the data without initialising again", async () => {
    const lines: string[] = [];
    const handle = await startEmbeddedPostgres({ dataDir, log: (l) => lines.push(l) });
    try {
      expect(lines.some((l) => l.startsWith("initialising"))).toBe(false);
      const { rows } = await query(handle.url, "SELECT v FROM kept");
      expect(rows).toEqual([{ v: 42 }]);
    } finally {
      await handle.stop();
    }
  });

  it("joins a server already running for the same data dir instead of starting another", async () => {
    const first = await startEmbeddedPostgres({ dataDir });
    try {
      const second = await startEmbeddedPostgres({ dataDir });
      expect(second.owned).toBe(false);
      expect(new URL(second.url).port).toBe(new URL(first.url).port);
      await second.stop(); // a joiner's stop leaves the owner's server up
      expect(runningPort(pgdata)).toBe(Number(new URL(first.url).port));
    } finally {
      await first.stop();
    }
  });

  it("recovers from a stale postmaster.pid left by a crash", async () => {
    // A pid that is alive but not PostgreSQL (ours), as after a container restart reuses pids.
    fs.writeFileSync(pidFile, `${process.pid}\n${pgdata}\n0\n5999\n`);
    const handle = await startEmbeddedPostgres({ dataDir });
    try {
      expect(handle.owned).toBe(true);
      const { rows } = await query(handle.url, "SELECT v FROM kept");
      expect(rows).toEqual([{ v: 42 }]);
    } finally {
      await handle.stop();
    }
  });

  it("applies migrations twice, and two concurrent migrators do not conflict", async () => {
    const handle = await startEmbeddedPostgres({ dataDir });
    try {
      await query(handle.url.replace(/\/opsdeck$/, "/postgres"), "CREATE DATABASE migrations_race");
      const url = handle.url.replace(/\/opsdeck$/, "/migrations_race");
      await Promise.all([migrateDatabase(url), migrateDatabase(url)]);
      await migrateDatabase(url);
      const { rows } = await query(url, "SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations");
      const journal = JSON.parse(fs.readFileSync("drizzle/meta/_journal.json", "utf8")) as { entries: unknown[] };
      expect(rows[0].n).toBe(journal.entries.length);
      const tables = await query(url, "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'runs'");
      expect(tables.rows[0].n).toBe(1);
    } finally {
      await handle.stop();
    }
  });

  it("as root, starts under a private parent (a checkout in `mktemp -d`, mode 0700) by making it searchable", async () => {
    if (process.getuid?.() !== 0) return expect(process.getuid?.()).not.toBe(0); // only root hands PostgreSQL to the postgres user
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), "opsdeck-private-"));
    try {
      expect(fs.statSync(parent).mode & 0o777).toBe(0o700);
      const lines: string[] = [];
      const handle = await startEmbeddedPostgres({ dataDir: path.join(parent, "checkout", ".data"), log: (l) => lines.push(l) });
      try {
        expect((await query(handle.url, "SELECT 1 AS one")).rows[0].one).toBe(1);
      } finally {
        await handle.stop();
      }
      expect(fs.statSync(parent).mode & 0o777).toBe(0o701);
      expect(lines.some((l) => l.includes("added search permission"))).toBe(true);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});
