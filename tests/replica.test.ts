import { sql } from "drizzle-orm";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reloadConfig } from "@/lib/config";
import { closeDb, getDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { checkReplica, closeReplica, onReplica, replicaStatus } from "@/lib/db/replica";
import { requestMetrics } from "@/lib/db/schema";
import { getHealthSummary } from "@/lib/health/summary";
import { emptyBuckets } from "@/lib/metrics/histogram";
import { getMetricsHistory } from "@/lib/metrics/history";
import { startPrimaryWithReplica, type Cluster } from "./support/pg-replica";
import { until } from "./support/until";

// Replica reads against a real streaming replica (pg_basebackup -R) of a real primary,
// both started here: dashboards read the replica while it keeps up, the primary when it
// lags or is down, and health says so.

let cluster: Cluster;
const saved = { url: process.env.DATABASE_URL, replica: process.env.DATABASE_REPLICA_URL, lag: process.env.DATABASE_REPLICA_MAX_LAG_SECONDS };

async function onServer<T>(url: string, query: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(query)).rows as T[];
  } finally {
    await client.end();
  }
}

function point(maxLag: number) {
  process.env.DATABASE_REPLICA_MAX_LAG_SECONDS = String(maxLag);
  reloadConfig();
}

/** One request-metrics row on the primary, in a minute of its own; what the dashboard read shows of it. */
let minute = 0;
async function writeMetric(): Promise<Date> {
  const bucket = new Date(Date.UTC(2026, 0, 1, 0, minute++));
  const buckets = emptyBuckets();
  buckets[0] = 1;
  await getDb().insert(requestMetrics).values({ resolution: "minute", bucketStart: bucket, instanceId: "replica-test", route: "/replica-test", method: "GET", statusClass: "2xx", count: 1, sumSeconds: 0.004, buckets });
  return bucket;
}
async function dashboardSees(bucket: Date): Promise<boolean> {
  const history = await getMetricsHistory({ from: bucket, to: new Date(bucket.getTime() + 60_000) });
  return history.routes.length > 0;
}

beforeAll(async () => {
  cluster = await startPrimaryWithReplica();
  await migrateDatabase(cluster.primaryUrl);
  await closeDb();
  process.env.DATABASE_URL = cluster.primaryUrl;
  process.env.DATABASE_REPLICA_URL = cluster.replicaUrl;
  point(3600);
}, 120_000);

afterAll(async () => {
  await closeReplica();
  await closeDb();
  for (const [key, value] of [["DATABASE_URL", saved.url], ["DATABASE_REPLICA_URL", saved.replica], ["DATABASE_REPLICA_MAX_LAG_SECONDS", saved.lag]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  reloadConfig();
  cluster?.stop();
});

describe("read replica", () => {
  it("serves dashboard reads from the replica after replay, and the primary when it lags", { timeout: 120_000 }, async () => {
    await until(async () => (await checkReplica(), replicaStatus()).configured && (replicaStatus() as { serving: boolean }).serving, "the replica to serve", 30_000);
    expect(await onReplica(async (db) => (await db.execute<{ standby: boolean }>(sql`SELECT pg_is_in_recovery() AS standby`)).rows[0]!.standby)).toBe(true);

    // A write on the primary, read on the replica once replayed.
    const first = await writeMetric();
    await until(() => dashboardSees(first), "the replica to replay the write", 30_000);

    // Replay paused: the replica keeps serving (lag allowed up to an hour), so the dashboard
    // does not see a newer write: the read really is on the replica.
    await onServer(cluster.replicaUrl, "SELECT pg_wal_replay_pause()");
    const second = await writeMetric();
    await until(async () => (await onServer<{ behind: boolean }>(cluster.replicaUrl, "SELECT pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn() AS behind"))[0]!.behind, "the replica to receive the write", 30_000);
    await checkReplica();
    expect(replicaStatus()).toMatchObject({ configured: true, serving: true, state: "up" });
    expect(await dashboardSees(second)).toBe(false);

    // Past DATABASE_REPLICA_MAX_LAG_SECONDS: reads fall back to the primary, health is degraded.
    point(1);
    await until(async () => (await checkReplica(), !(replicaStatus() as { serving: boolean }).serving), "the lag to pass 1 s", 30_000);
    expect(replicaStatus()).toMatchObject({ serving: false, state: "lagging" });
    expect(await dashboardSees(second)).toBe(true);
    const degraded = await getHealthSummary(Date.now() + 60_000);
    expect(degraded.status).toBe("degraded");
    expect(degraded.detail.replica).toMatchObject({ configured: true, serving: false, state: "lagging", maxLagSeconds: 1 });

    // Replay resumed: caught up, serving again.
    await onServer(cluster.replicaUrl, "SELECT pg_wal_replay_resume()");
    await until(async () => (await checkReplica(), (replicaStatus() as { serving: boolean }).serving), "the replica to catch up", 30_000);
    expect(await onReplica(async (db) => (await db.execute<{ standby: boolean }>(sql`SELECT pg_is_in_recovery() AS standby`)).rows[0]!.standby)).toBe(true);
    expect(await dashboardSees(second)).toBe(true);
    point(3600);
  });

  it("falls back to the primary when the replica stops, and returns to it when it is back", { timeout: 120_000 }, async () => {
    await until(async () => (await checkReplica(), (replicaStatus() as { serving: boolean }).serving), "the replica to serve", 30_000);
    const bucket = await writeMetric();
    await until(() => dashboardSees(bucket), "the replica to replay the write", 30_000);
    cluster.stopReplica();
    // The first read after the stop is answered (by the primary), not failed.
    const stoppedAt = Date.now();
    expect(await dashboardSees(bucket)).toBe(true);
    await checkReplica();
    expect(replicaStatus()).toMatchObject({ serving: false, state: "down" });
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    expect(await onReplica(async (db) => (await db.execute<{ standby: boolean }>(sql`SELECT pg_is_in_recovery() AS standby`)).rows[0]!.standby)).toBe(false);
    const health = await getHealthSummary(Date.now() + 120_000);
    expect(health.status).toBe("degraded");
    expect(health.detail.replica).toMatchObject({ configured: true, serving: false, state: "down" });

    cluster.startReplica();
    await until(async () => (await checkReplica(), (replicaStatus() as { serving: boolean }).serving), "the replica to serve again", 30_000);
    expect(await onReplica(async (db) => (await db.execute<{ standby: boolean }>(sql`SELECT pg_is_in_recovery() AS standby`)).rows[0]!.standby)).toBe(true);
    expect((await getHealthSummary(Date.now() + 180_000)).detail.replica).toMatchObject({ serving: true, state: "up" });
  });
});
