import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/verify";
import { getDb } from "@/lib/db/client";
import { makeKey, makeProject, type TestKey } from "./support/api";
import { testRedis, type TestRedis } from "./setup/redis";
import { until } from "./support/until";

// Two instances (child processes: the /api/v1 pipeline, the audit sequencer and the job
// scheduler, as lib/boot.ts starts them; tests/support/app-instance.ts) on this file's
// PostgreSQL database and one real Redis.

const root = path.resolve(import.meta.dirname, "..");
type Instance = { url: string; child: ChildProcess; stderr: () => string };
let redis: TestRedis;
let a: Instance;
let b: Instance;
let key: TestKey;

async function start(name: string): Promise<Instance> {
  const env: NodeJS.ProcessEnv = { ...process.env, REDIS_URL: redis.url, TEST_INSTANCE_NAME: name, RATELIMIT_READ_PER_MINUTE: "40" };
  for (const k of Object.keys(env)) if (k.startsWith("OPSDECK_")) delete env[k];
  const child = spawn("npx", ["tsx", "--import", "./tests/support/server-only-loader.mjs", "tests/support/app-instance.ts"], { cwd: root, env, detached: true });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  await until(() => /listening (\S+)/.test(stdout) || child.exitCode !== null, `instance ${name} to listen`, 90_000);
  const url = /listening (\S+)/.exec(stdout)?.[1];
  if (!url) throw new Error(`instance ${name} did not start: ${stderr}`);
  return { url, child, stderr: () => stderr };
}

function stop(instance: Instance | undefined) {
  if (instance?.child.pid && instance.child.exitCode === null) process.kill(-instance.child.pid, "SIGKILL");
}

const send = (instance: Instance, method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${instance.url}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${key.key}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  redis = await testRedis();
  await getDb().execute(sql`CREATE TABLE test_job_runs (instance text NOT NULL, started_at timestamptz NOT NULL, finished_at timestamptz NOT NULL)`);
  key = await makeKey();
  [a, b] = await Promise.all([start("a"), start("b")]);
}, 180_000);

afterAll(async () => {
  stop(a);
  stop(b);
  await redis?.stop();
});

describe("two instances on one PostgreSQL and one Redis", () => {
  it("share one rate limit per key", { timeout: 60_000 }, async () => {
    const limited = await makeKey();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      for (const instance of [a, b]) {
        const res = await fetch(`${instance.url}/api/v1/projects`, { headers: { authorization: `Bearer ${limited.key}` } });
        statuses.push(res.status);
        await res.arrayBuffer();
      }
    }
    // 40 a minute for the key, counted once across both instances: 60 requests were sent, 30
    // to each, so two separate limits would refuse none. (A sliding window may let one or two
    // more through when the requests straddle a minute boundary.)
    const allowed = statuses.filter((s) => s === 200).length;
    expect(allowed).toBeGreaterThanOrEqual(40);
    expect(allowed).toBeLessThanOrEqual(42);
    expect(statuses.filter((s) => s === 429)).toHaveLength(60 - allowed);
  });

  it("invalidate each other's caches", { timeout: 60_000 }, async () => {
    const project = await makeProject(key);
    const read = async (instance: Instance) => ((await (await fetch(`${instance.url}/__test/cached-project/${project.id}`)).json()) as { name: string }).name;
    expect(await read(a)).toBe(project.name);
    expect(await read(b)).toBe(project.name);
    const res = await send(b, "PATCH", `/api/v1/projects/${project.slug}`, { name: "Renamed through b" });
    expect(res.status).toBe(200);
    // A's entry (60 s TTL) goes with b's invalidation, not with time.
    await until(async () => (await read(a)) === "Renamed through b", "instance a to drop its cached name", 5_000);
    expect(await read(b)).toBe("Renamed through b");
  });

  it("keep one row per idempotency key, and one audit chain under writes through both", { timeout: 120_000 }, async () => {
    const project = await makeProject(key);
    const runsPath = `/api/v1/projects/${project.slug}/runs`;
    const same = await Promise.all(
      Array.from({ length: 10 }, (_, i) => send(i % 2 ? a : b, "POST", runsPath, { name: "once", kind: "ci" }, { "Idempotency-Key": "two-instances-1" })),
    );
    const bodies = await Promise.all(same.map(async (r) => ({ status: r.status, body: (await r.json()) as { id?: string } })));
    const created = bodies.filter((r) => r.status === 201 || r.status === 200);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const r of bodies) expect([200, 201, 409]).toContain(r.status);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    const { rows } = await getDb().execute(sql`SELECT count(*)::int AS n FROM runs WHERE project_id = ${project.id} AND name = 'once'`);
    expect(rows[0]).toEqual({ n: 1 });

    const writes = await Promise.all(Array.from({ length: 60 }, (_, i) => send(i % 2 ? a : b, "POST", runsPath, { name: `w${i}`, kind: "ci" })));
    expect(writes.map((r) => r.status)).toEqual(Array(60).fill(201));
    const result = await verifyAuditChain(getDb());
    expect(result).toMatchObject({ ok: true });
    const { rows: totals } = await getDb().execute(sql`SELECT count(*)::int AS n, count(seq)::int AS s, max(seq)::int AS head FROM audit_events`);
    expect(totals[0]).toMatchObject({ n: (totals[0] as { s: number }).s, head: (totals[0] as { s: number }).s });
  });

  it("run each job on one instance at a time", { timeout: 60_000 }, async () => {
    await until(async () => {
      const { rows } = await getDb().execute(sql`SELECT count(DISTINCT instance)::int AS instances, count(*)::int AS runs FROM test_job_runs`);
      const r = rows[0] as { instances: number; runs: number };
      return r.instances === 2 && r.runs >= 10;
    }, "both instances to have run the job", 30_000);
    const { rows } = await getDb().execute(sql`
      SELECT count(*)::int AS overlaps FROM test_job_runs x JOIN test_job_runs y
        ON x.ctid < y.ctid AND x.started_at < y.finished_at AND y.started_at < x.finished_at`);
    expect(rows[0]).toEqual({ overlaps: 0 });
  });
});
