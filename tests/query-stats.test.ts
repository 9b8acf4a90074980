import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client, Pool } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { getPool } from "@/lib/db/client";
import { startEmbeddedPostgres, type EmbeddedHandle } from "@/lib/db/embedded";
import { ConflictError, ForbiddenError } from "@/lib/errors";
import { readDatabaseHealth } from "@/lib/queries/database-health";
import { readStatementStats, resetStatementStats } from "@/lib/queries/pg-stats";
import { auditEventsFor, expectAuditChainIntact } from "./support/api";
import { userAccess } from "./support/users";

// pg_stat_statements on a server that preloads it (the embedded default), and the degraded
// answer on the machine's PostgreSQL 15, which does not.

const EXTERNAL_PG15 = process.env.TEST_EXTERNAL_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function preloads(pool: Pool): Promise<boolean> {
  const { rows } = await pool.query<{ s: string }>("SELECT current_setting('shared_preload_libraries') AS s");
  return rows[0]!.s.includes("pg_stat_statements");
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** This file's database when its server preloads the extension; otherwise an embedded server of our own. */
async function preloadingDatabase(): Promise<Pool> {
  const own = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  cleanups.push(() => own.end());
  if (await preloads(own)) return own;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "opsdeck-pgss-"));
  fs.chmodSync(dataDir, 0o755);
  const handle: EmbeddedHandle = await startEmbeddedPostgres({ dataDir });
  const pool = new Pool({ connectionString: handle.url, max: 2 });
  cleanups.push(async () => {
    await pool.end();
    await handle.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return pool;
}

describe("pg_stat_statements view", () => {
  it("says how to enable it while the extension is not created, then lists statements with their share of time", async () => {
    const pool = await preloadingDatabase();
    await pool.query("DROP EXTENSION IF EXISTS pg_stat_statements");
    expect(await readStatementStats(pool)).toMatchObject({ available: false, reason: "not_installed" });

    await pool.query("CREATE EXTENSION pg_stat_statements");
    await pool.query("SELECT pg_stat_statements_reset()");
    for (let i = 0; i < 5; i++) await pool.query(`SELECT pg_sleep(0.02), 'marker-literal-${i}' AS marker`);
    await pool.query("SELECT count(*) FROM pg_class WHERE relname = 'marker'");

    const byTotal = await readStatementStats(pool, "total");
    if (!byTotal.available) throw new Error(`expected pg_stat_statements, got ${byTotal.reason}`);
    const sleeper = byTotal.statements.find((s) => s.query.includes("pg_sleep"));
    expect(sleeper).toMatchObject({ calls: 5 });
    expect(sleeper!.query).not.toContain("marker-literal");
    expect(sleeper!.meanMs).toBeGreaterThanOrEqual(20);
    expect(sleeper!.share).toBeGreaterThan(0);
    expect(sleeper!.share).toBeLessThanOrEqual(1);
    const totals = byTotal.statements.map((s) => s.totalMs);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    expect(byTotal.statements.reduce((s, r) => s + r.share, 0)).toBeLessThanOrEqual(1.0001);

    const byCalls = await readStatementStats(pool, "calls");
    if (!byCalls.available) throw new Error("expected pg_stat_statements");
    const calls = byCalls.statements.map((s) => s.calls);
    expect(calls).toEqual([...calls].sort((a, b) => b - a));
  });

  it("degrades to a 'how to enable' answer on the machine's PostgreSQL 15, which does not preload it", async () => {
    if (await reachable(EXTERNAL_PG15)) {
      const pool = new Pool({ connectionString: EXTERNAL_PG15, max: 1 });
      cleanups.push(() => pool.end());
      expect(await preloads(pool)).toBe(false);
      expect(await readStatementStats(pool)).toMatchObject({ available: false, reason: "not_preloaded", serverVersionNum: expect.any(Number) });
    } else {
      // No PostgreSQL 15 here: the other degraded answer, on a database without the extension.
      const pool = await preloadingDatabase();
      await pool.query("DROP EXTENSION IF EXISTS pg_stat_statements");
      expect(await readStatementStats(pool)).toMatchObject({ available: false, reason: "not_installed" });
    }
  });

  it("resets the statistics for an admin only, audited", async () => {
    const operator = await userAccess("operator");
    await expect(resetStatementStats(operator)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await auditEventsFor("authz.denied")).at(-1)!.targetId).toBe("queries:reset");

    const admin = await userAccess("admin");
    const app = getPool();
    if (!(await preloads(app as unknown as Pool))) {
      await expect(resetStatementStats(admin)).rejects.toBeInstanceOf(ConflictError);
      expect(await auditEventsFor("query_stats.reset")).toHaveLength(0);
      return;
    }
    await app.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    await app.query("SELECT pg_sleep(0.01), 'before-reset'");
    await resetStatementStats(admin);
    const after = await readStatementStats(app);
    if (!after.available) throw new Error("expected pg_stat_statements");
    expect(after.statements.some((s) => s.query.includes("pg_sleep"))).toBe(false);
    expect(await auditEventsFor("query_stats.reset")).toHaveLength(1);
    await expectAuditChainIntact();
  });
});

describe("database health", () => {
  it("shows a running query (normalized), connections by state, sizes, unused and duplicate indexes", async () => {
    const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 3 });
    cleanups.push(() => pool.end());
    await pool.query("CREATE TABLE health_probe (a int, b int, note text)");
    await pool.query("CREATE INDEX health_probe_a ON health_probe (a)");
    await pool.query("CREATE INDEX health_probe_ab ON health_probe (a, b)");
    await pool.query("INSERT INTO health_probe SELECT g, g, 'n' FROM generate_series(1, 1000) g");
    await pool.query("ANALYZE health_probe");

    const sleeper = pool.query("SELECT pg_sleep(1.5), 'secret-in-activity' AS s");
    let health = await readDatabaseHealth(pool);
    for (let i = 0; i < 50 && !health.activity.some((a) => a.query.includes("pg_sleep")); i++) {
      await new Promise((r) => setTimeout(r, 20));
      health = await readDatabaseHealth(pool);
    }
    const running = health.activity.find((a) => a.query.includes("pg_sleep"));
    expect(running).toMatchObject({ state: "active" });
    expect(running!.query).not.toContain("secret-in-activity");
    await sleeper;

    expect(health.connections.reduce((n, c) => n + c.count, 0)).toBeGreaterThan(0);
    expect(health.sizes.map((s) => s.table)).toContain("runs");
    expect(health.unusedIndexes.map((i) => i.index)).toContain("health_probe_a");
    expect(health.duplicateIndexes).toContainEqual(expect.objectContaining({ table: "health_probe", index: "health_probe_a", coveredBy: "health_probe_ab" }));
    expect(health.duplicateIndexes.some((d) => d.index === "health_probe_ab")).toBe(false);
  });

  it("leaves its own introspection out of the activity list and counts rows of a table never analyzed", async () => {
    const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 6 });
    cleanups.push(() => pool.end());
    await pool.query("CREATE TABLE health_unanalyzed (a int)");
    await pool.query("INSERT INTO health_unanalyzed SELECT g FROM generate_series(1, 20000) g");
    // The statistics collector reports live tuples once the inserting backend flushes them.
    let health = await readDatabaseHealth(pool);
    for (let i = 0; i < 100 && !(health.sizes.find((t) => t.table === "health_unanalyzed")?.rows ?? 0); i++) {
      await new Promise((r) => setTimeout(r, 50));
      health = await readDatabaseHealth(pool);
    }
    expect(health.sizes.find((t) => t.table === "health_unanalyzed")?.rows).toBe(20000);
    // Six connections ran the introspection side by side; none of them is listed.
    expect(health.activity.filter((a) => a.query.includes("opsdeck:database-health") || a.query.includes("pg_stat_activity"))).toEqual([]);
  });
});
