import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getDb, getPool } from "@/lib/db/client";
import { LOCKS } from "@/lib/db/locks";
import { MIGRATIONS_DIR, migrateDatabase } from "@/lib/db/migrate";
import { dropPartitionsBefore, ensureHistoryPartitions, ensurePartitions, listPartitions } from "@/lib/history/partitions";
import { pruneRunLogs } from "@/lib/history/jobs";
import { historyTable } from "@/lib/history/tables";
import { runJobOnce } from "@/lib/jobs/scheduler";
import { pruneMonitorChecks } from "@/lib/monitors/retention";
import { readDatabaseHealth } from "@/lib/queries/database-health";
import { withDatabase } from "./setup/urls";

// Request metrics, slow-query minutes, monitor checks and run logs are partitioned by time
// (drizzle/0008): the migration converts what an install already holds, a locked job keeps
// partitions ahead, and retention drops whole partitions.

const DAY = 86_400_000;
const q = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) => (await getDb().execute<T>(query)).rows;

/** The partition a row of `table` sits in. */
async function partitionOf(table: string, where: ReturnType<typeof sql>): Promise<string[]> {
  const rows = await q<{ p: string }>(sql`SELECT tableoid::regclass::text AS p FROM ${sql.identifier(table)} WHERE ${where}`);
  return rows.map((r) => r.p);
}

const ymd = (d: Date) => d.toISOString().slice(0, 10).replaceAll("-", "");
const dayStart = (t: number) => new Date(Math.floor(t / DAY) * DAY);
/** Monday 00:00 UTC of t's ISO week (1970-01-01 was a Thursday). */
const weekStart = (t: number) => new Date((Math.floor((Math.floor(t / DAY) + 3) / 7) * 7 - 3) * DAY);

describe("migration 0008: history tables to partitioned ones", () => {
  const serverUrl = inject("serverUrl");
  const database = `${inject("databasePrefix")}mig${randomBytes(4).toString("hex")}`;
  const url = withDatabase(serverUrl, database);
  let before: Client;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "opsdeck-mig-"));

  beforeAll(async () => {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    // Every migration before this one, as an install upgrading to it has them.
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, "meta/_journal.json"), "utf8")) as { entries: { idx: number; tag: string }[] };
    fs.mkdirSync(path.join(tmp, "meta"));
    journal.entries = journal.entries.filter((e) => e.idx < 8);
    fs.writeFileSync(path.join(tmp, "meta/_journal.json"), JSON.stringify(journal));
    for (const e of journal.entries) fs.copyFileSync(path.join(MIGRATIONS_DIR, `${e.tag}.sql`), path.join(tmp, `${e.tag}.sql`));
    await migrateDatabase(url, tmp);
    before = new Client({ connectionString: url });
    await before.connect();
  });

  afterAll(async () => {
    await before?.end();
    fs.rmSync(tmp, { recursive: true, force: true });
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  const TABLES = {
    request_metrics: "resolution, bucket_start, instance_id, route, method, status_class",
    slow_query_minutes: "bucket_start, fingerprint, route",
    monitor_checks: "id",
    run_logs: "run_id, seq",
  } as const;

  // The columns each table had before 0008: later migrations may add columns (monitor_checks.degraded).
  const columnsBefore: Record<string, string> = {};

  async function contents(client: Client): Promise<Record<string, { n: number; rows: string }>> {
    const out: Record<string, { n: number; rows: string }> = {};
    for (const [table, order] of Object.entries(TABLES)) {
      if (!columnsBefore[table]) {
        const { rows: cols } = await client.query<{ list: string }>("SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS list FROM information_schema.columns WHERE table_name = $1", [table]);
        columnsBefore[table] = cols[0]!.list;
      }
      const { rows } = await client.query<{ n: number; rows: string }>(
        `SELECT count(*)::int AS n, coalesce(string_agg(row_to_json(t)::text, E'\\n' ORDER BY ${order}), '') AS rows FROM (SELECT ${columnsBefore[table]} FROM ${table}) t`,
      );
      out[table] = rows[0]!;
    }
    return out;
  }

  it("keeps every row and its content, in partitions covering them, with a default partition for the far ones", async () => {
    // Rows from 300 days back to now, plus strays 30 years away either side.
    await before.query(`
      INSERT INTO projects (slug, name) VALUES ('mig', 'Migration');
      INSERT INTO runs (project_id, name) SELECT id, 'run ' || g FROM projects, generate_series(1, 20) g;
      INSERT INTO run_logs (run_id, seq, ts, level, message)
        SELECT r.id, s, now() - (s * interval '2 days') - random() * interval '1 hour', 'info', 'line ' || s || ' of ' || r.name
        FROM runs r, generate_series(1, 150) s;
      INSERT INTO run_logs (run_id, seq, ts, message) SELECT id, 1000, '1990-01-01T00:00:00Z', 'from 1990' FROM runs LIMIT 1;
      INSERT INTO run_logs (run_id, seq, ts, message) SELECT id, 1001, '2090-06-01T00:00:00Z', 'from 2090' FROM runs LIMIT 1;
      INSERT INTO monitors (name, url) VALUES ('mig', 'http://127.0.0.1:9/');
      INSERT INTO monitor_checks (monitor_id, checked_at, ok, status_code, latency_ms, error)
        SELECT m.id, now() - g * interval '37 minutes', g % 7 <> 0, CASE WHEN g % 7 = 0 THEN NULL ELSE 200 END, g % 400, CASE WHEN g % 7 = 0 THEN 'timeout' END
        FROM monitors m, generate_series(0, 3000) g;
      INSERT INTO request_metrics (resolution, bucket_start, instance_id, route, method, status_class, count, sum_seconds, buckets)
        SELECT 'minute', date_trunc('minute', now()) - g * interval '1 minute', 'i-' || (g % 2), '/api/v1/r/' || (g % 5), 'GET', '2xx', g, g * 0.01, ARRAY[g, 1, 0]::bigint[]
        FROM generate_series(0, 500) g;
      INSERT INTO request_metrics (resolution, bucket_start, instance_id, route, method, status_class, count, sum_seconds, buckets)
        SELECT '6h', to_timestamp(floor(extract(epoch FROM now()) / 21600) * 21600) - g * interval '6 hours', 'all', '/old', 'POST', '5xx', g, 0.5, ARRAY[0, g]::bigint[]
        FROM generate_series(1, 200) g;
      INSERT INTO slow_query_minutes (bucket_start, fingerprint, route, calls, total_ms, max_ms, buckets)
        SELECT date_trunc('minute', now()) - g * interval '13 minutes', 'fp' || (g % 9), '/q', g, g * 120.5, 300, ARRAY[1, g]::bigint[]
        FROM generate_series(0, 2000) g;
    `);
    const seeded = await contents(before);
    expect(seeded.run_logs!.n).toBe(20 * 150 + 2);
    expect(seeded.monitor_checks!.n).toBe(3001);
    const { rows: maxId } = await before.query<{ id: string }>("SELECT max(id)::text AS id FROM monitor_checks");

    await migrateDatabase(url);

    const after = await contents(before);
    for (const table of Object.keys(TABLES)) {
      expect(after[table]!.n, table).toBe(seeded[table]!.n);
      expect(after[table]!.rows === seeded[table]!.rows, `${table}: same rows, same content`).toBe(true);
    }
    for (const table of Object.keys(TABLES)) {
      const { rows } = await before.query<{ kind: string }>("SELECT relkind::text AS kind FROM pg_class WHERE oid = $1::regclass", [table]);
      expect(rows[0]!.kind, `${table} is partitioned`).toBe("p");
      const { rows: strays } = await before.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}_default`);
      // Only the run logs 30+ years away sit in the default partition; every other row has its own.
      expect(strays[0]!.n, `${table}_default`).toBe(table === "run_logs" ? 2 : 0);
    }
    // The parents keep their keys, indexes and foreign keys.
    const { rows: indexes } = await before.query<{ name: string }>(
      "SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid IN ('request_metrics'::regclass, 'slow_query_minutes'::regclass, 'monitor_checks'::regclass, 'run_logs'::regclass) ORDER BY 1",
    );
    expect(indexes.map((i) => i.name)).toEqual([
      "monitor_checks_monitor_idx",
      "monitor_checks_pkey",
      "request_metrics_pkey",
      "request_metrics_route_idx",
      "run_logs_pkey",
      "slow_query_minutes_fp_idx",
      "slow_query_minutes_pkey",
      "slow_query_minutes_route_idx",
    ]);
    // The check ids continue from the old sequence, and deleting a run still takes its logs.
    const { rows: next } = await before.query<{ id: string }>("INSERT INTO monitor_checks (monitor_id, ok) SELECT id, true FROM monitors RETURNING id::text");
    expect(BigInt(next[0]!.id)).toBeGreaterThan(BigInt(maxId[0]!.id));
    await before.query("DELETE FROM runs WHERE id = (SELECT run_id FROM run_logs WHERE seq = 1000)");
    const { rows: left } = await before.query<{ n: number }>("SELECT count(*)::int AS n FROM run_logs");
    expect(left[0]!.n).toBe(19 * 150);
    await expect(before.query("INSERT INTO run_logs (run_id, seq, message) VALUES (gen_random_uuid(), 1, 'orphan')")).rejects.toThrow(/foreign key/);
    // The upsert the per-minute flush uses still finds its row through the partitioned key.
    await before.query(`
      INSERT INTO request_metrics (resolution, bucket_start, instance_id, route, method, status_class, count, sum_seconds, buckets)
      VALUES ('minute', date_trunc('minute', now()), 'i-0', '/api/v1/r/0', 'GET', '2xx', 5, 0, ARRAY[0]::bigint[])
      ON CONFLICT (resolution, bucket_start, instance_id, route, method, status_class) DO UPDATE SET count = request_metrics.count + excluded.count`);
    const { rows: summed } = await before.query<{ count: string }>("SELECT count::text FROM request_metrics WHERE bucket_start = date_trunc('minute', now()) AND instance_id = 'i-0' AND route = '/api/v1/r/0'");
    expect(summed).toEqual([{ count: "5" }]); // g = 0 row had count 0
  });
});

describe("history partitions", () => {
  it("routes a row to the partition of its day or week, and one years away to the default partition", async () => {
    const now = Date.now();
    await q(sql`INSERT INTO request_metrics (resolution, bucket_start, instance_id, route, method, status_class, count, sum_seconds, buckets)
      VALUES ('minute', ${new Date(now)}, 'p', '/placed', 'GET', '2xx', 1, 0, '{1}'), ('minute', '2101-01-01T00:00:00Z', 'p', '/placed', 'GET', '2xx', 1, 0, '{1}'),
             ('minute', '1901-01-01T00:00:00Z', 'p', '/placed', 'GET', '2xx', 1, 0, '{1}')`);
    const placed = await q<{ p: string; t: Date }>(sql`SELECT tableoid::regclass::text AS p, bucket_start AS t FROM request_metrics WHERE route = '/placed' ORDER BY bucket_start`);
    expect(placed.map((r) => r.p)).toEqual(["request_metrics_default", `request_metrics_p${ymd(dayStart(now))}`, "request_metrics_default"]);

    const [{ id: monitorId }] = (await q<{ id: string }>(sql`INSERT INTO monitors (name, url) VALUES ('placed', 'http://127.0.0.1:9/') RETURNING id`)) as [{ id: string }];
    await q(sql`INSERT INTO monitor_checks (monitor_id, checked_at, ok) VALUES (${monitorId}, ${new Date(now)}, true), (${monitorId}, '2200-01-01T00:00:00Z', false)`);
    expect(await partitionOf("monitor_checks", sql`monitor_id = ${monitorId} ORDER BY checked_at`)).toEqual([`monitor_checks_p${ymd(weekStart(now))}`, "monitor_checks_default"]);
    // A week partition starts on a Monday.
    expect(weekStart(now).getUTCDay()).toBe(1);
  });

  it("creates partitions ahead idempotently, moving rows that waited in the default partition into theirs", async () => {
    await ensureHistoryPartitions();
    expect(Object.values(await ensureHistoryPartitions()).every((n) => n === 0), "a second run has nothing to do").toBe(true);
    const listed = await listPartitions("request_metrics");
    const newest = listed.filter((p) => !p.isDefault).at(-1)!;
    expect(newest.to!.getTime()).toBeGreaterThanOrEqual(Date.now() + 7 * DAY);
    expect(listed.filter((p) => p.isDefault)).toHaveLength(1);

    // Sixty days ahead: a row written there before its partition exists waits in the default one.
    const later = Date.now() + 60 * DAY;
    await q(sql`INSERT INTO slow_query_minutes (bucket_start, fingerprint, route, calls, total_ms, max_ms, buckets) VALUES (${new Date(later)}, 'ahead', '/ahead', 3, 1, 1, '{3}')`);
    expect(await partitionOf("slow_query_minutes", sql`fingerprint = 'ahead'`)).toEqual(["slow_query_minutes_default"]);
    const made = await ensureHistoryPartitions(new Date(later));
    // [later - retention, later + 7 days): 37 days, the first ones of which may exist already.
    expect(made.slow_query_minutes).toBeGreaterThanOrEqual(36);
    expect(made.monitor_checks).toBeGreaterThanOrEqual(5);
    expect(await partitionOf("slow_query_minutes", sql`fingerprint = 'ahead'`)).toEqual([`slow_query_minutes_p${ymd(dayStart(later))}`]);
    expect((await q<{ n: number }>(sql`SELECT count(*)::int AS n FROM slow_query_minutes WHERE fingerprint = 'ahead'`))[0]!.n).toBe(1);
    // Again: nothing to do, nothing changed.
    const names = (await listPartitions("slow_query_minutes")).map((p) => p.name);
    expect(Object.values(await ensureHistoryPartitions(new Date(later))).every((n) => n === 0)).toBe(true);
    expect((await listPartitions("slow_query_minutes")).map((p) => p.name)).toEqual(names);
    // Each a UTC day, named after it; a week one starts on a Monday.
    for (const p of (await listPartitions("slow_query_minutes")).filter((x) => !x.isDefault)) {
      expect([p.name, p.to!.getTime() - p.from!.getTime()]).toEqual([`slow_query_minutes_p${ymd(p.from!)}`, DAY]);
      expect(p.from!.getTime() % DAY).toBe(0);
    }
    for (const p of (await listPartitions("monitor_checks")).filter((x) => !x.isDefault)) {
      expect([p.from!.getUTCDay(), p.from!.getUTCHours(), p.to!.getTime() - p.from!.getTime()]).toEqual([1, 0, 7 * DAY]);
    }
  });

  it("two callers at once create each missing partition once (they take turns on the partition lock)", async () => {
    const at = new Date(Date.now() + 200 * DAY);
    const results = await Promise.all([ensurePartitions(historyTable("run_logs"), new Date(Date.now() + 100 * DAY), at), ensurePartitions(historyTable("run_logs"), new Date(Date.now() + 100 * DAY), at)]);
    expect(Math.min(...results)).toBe(0);
    expect(Math.max(...results)).toBeGreaterThanOrEqual(14);
  });

  it("runs the ahead job on one instance at a time: skipped while another holds its lock", async () => {
    await import("@/lib/history/jobs");
    // A missing partition in the horizon, as after a long outage.
    const missing = `request_metrics_p${ymd(dayStart(Date.now() + 5 * DAY))}`;
    await q(sql`DROP TABLE ${sql.identifier(missing)}`);
    const other = new Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      const { rows } = await other.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok", [LOCKS.background, "history.partitions"]);
      expect(rows[0]!.ok).toBe(true);
      expect(await runJobOnce("history.partitions")).toBe("skipped_locked");
      expect((await listPartitions("request_metrics")).some((p) => p.name === missing)).toBe(false);
      await other.query("SELECT pg_advisory_unlock($1, hashtext($2))", [LOCKS.background, "history.partitions"]);
      expect(await runJobOnce("history.partitions")).toBe("ran");
      expect((await listPartitions("request_metrics")).some((p) => p.name === missing)).toBe(true);
      const [job] = await q<{ last_status: string; run_count: number }>(sql`SELECT last_status, run_count::int FROM background_jobs WHERE name = 'history.partitions'`);
      expect(job).toEqual({ last_status: "ok", run_count: 1 });
    } finally {
      await other.end();
    }
  });

  it("retention drops the partitions wholly older than the cutoff and nothing newer; old strays go row by row", async () => {
    const now = Date.now();
    const cutoff = new Date(now - 30 * DAY);
    // Partitions back to 45 days, rows on both sides of the cutoff.
    await ensurePartitions(historyTable("monitor_checks"), new Date(now - 45 * DAY), new Date(now));
    const [{ id: monitorId }] = (await q<{ id: string }>(sql`INSERT INTO monitors (name, url) VALUES ('retention', 'http://127.0.0.1:9/') RETURNING id`)) as [{ id: string }];
    const ages = [44, 38, 31, 29, 20, 1];
    for (const age of ages) await q(sql`INSERT INTO monitor_checks (monitor_id, checked_at, ok) VALUES (${monitorId}, ${new Date(now - age * DAY)}, true)`);
    await q(sql`INSERT INTO monitor_checks (monitor_id, checked_at, ok) VALUES (${monitorId}, '1950-01-01T00:00:00Z', true), (${monitorId}, '2150-01-01T00:00:00Z', true)`);
    const before = await listPartitions("monitor_checks");

    const result = await pruneMonitorChecks(new Date(now));
    const after = await listPartitions("monitor_checks");
    const dropped = before.filter((p) => !after.some((a) => a.name === p.name));
    expect(dropped.length).toBe(result.partitions);
    expect(dropped.length).toBeGreaterThanOrEqual(1);
    expect(dropped.every((p) => p.to!.getTime() <= cutoff.getTime()), "only partitions wholly past the cutoff").toBe(true);
    expect(after.filter((p) => !p.isDefault).every((p) => p.to!.getTime() > cutoff.getTime()), "every partition wholly past it").toBe(true);
    expect(result.strayRows).toBe(1); // 1950; 2150 stays
    const left = (await q<{ t: Date }>(sql`SELECT checked_at AS t FROM monitor_checks WHERE monitor_id = ${monitorId} ORDER BY checked_at`)).map((r) => new Date(r.t).getTime());
    // Every row newer than the cutoff stays; older ones only in the week straddling it.
    for (const age of ages.filter((a) => a < 30)) expect(left).toContain(now - age * DAY);
    expect(left.filter((t) => t < cutoff.getTime()).every((t) => t >= weekStart(cutoff.getTime()).getTime())).toBe(true);
    expect(left).not.toContain(now - 44 * DAY);
    expect(left).not.toContain(now - 38 * DAY);
    expect(left).toContain(Date.parse("2150-01-01T00:00:00Z"));
    // Run again: nothing more to drop.
    expect(await pruneMonitorChecks(new Date(now))).toEqual({ partitions: 0, strayRows: 0 });
  });

  it("drops day partitions of request metrics by retention, keeping the partition that straddles the cutoff", async () => {
    const now = Date.now();
    await ensurePartitions(historyTable("request_metrics"), new Date(now - 40 * DAY), new Date(now));
    const cutoff = new Date(now - 30 * DAY);
    const result = await dropPartitionsBefore("request_metrics", cutoff);
    expect(result.partitions).toBeGreaterThanOrEqual(9);
    const left = (await listPartitions("request_metrics")).filter((p) => !p.isDefault);
    expect(left[0]!.from!.getTime()).toBe(dayStart(cutoff.getTime()).getTime());
  });

  it("drops a partition a crashed run detached but did not drop", async () => {
    const now = Date.now();
    await ensurePartitions(historyTable("slow_query_minutes"), new Date(now - 35 * DAY), new Date(now));
    const old = `slow_query_minutes_p${ymd(dayStart(now - 34 * DAY))}`;
    await q(sql`INSERT INTO slow_query_minutes (bucket_start, fingerprint, route, calls, total_ms, max_ms, buckets) VALUES (${new Date(now - 34 * DAY)}, 'crash', '/c', 1, 1, 1, '{1}')`);
    await q(sql`ALTER TABLE slow_query_minutes DETACH PARTITION ${sql.identifier(old)}`);
    // Detached, it is out of the table (the row no longer counts) but still on disk.
    expect((await q<{ n: number }>(sql`SELECT count(*)::int AS n FROM slow_query_minutes WHERE fingerprint = 'crash'`))[0]!.n).toBe(0);
    const result = await dropPartitionsBefore("slow_query_minutes", new Date(now - 30 * DAY));
    expect(result.partitions).toBeGreaterThanOrEqual(4);
    expect((await q<{ t: string | null }>(sql`SELECT to_regclass(${old})::text AS t`))[0]!.t).toBeNull();
  });

  it("shows a partitioned table once in the database health sizes and indexes, its partitions summed", async () => {
    await q(sql`INSERT INTO slow_query_minutes (bucket_start, fingerprint, route, calls, total_ms, max_ms, buckets)
      SELECT now() - g * interval '1 hour', 'health', '/h' || g, 1, 1, 1, '{1}' FROM generate_series(0, 200) g`);
    await q(sql`ANALYZE slow_query_minutes`);
    const health = await readDatabaseHealth(getPool());
    expect(health.sizes.some((r) => /_p\d{8}$|_default$/.test(r.table)), "no partition listed on its own").toBe(false);
    const minutes = health.sizes.find((r) => r.table === "slow_query_minutes")!;
    expect(minutes.rows).toBeGreaterThanOrEqual(201);
    expect(minutes.totalBytes).toBeGreaterThan(0);
    const unused = health.unusedIndexes.map((i) => i.index);
    expect(unused.some((name) => /_p\d{8}_|_default_/.test(name)), "partition indexes fold into their parent's").toBe(false);
    expect(unused.filter((name) => name === "request_metrics_route_idx").length).toBeLessThanOrEqual(1);
  });

  it("keeps run logs when RUN_LOG_RETENTION_DAYS is unset", async () => {
    const names = (await listPartitions("run_logs")).map((p) => p.name);
    expect(await pruneRunLogs()).toBeNull();
    expect((await listPartitions("run_logs")).map((p) => p.name)).toEqual(names);
  });
});
