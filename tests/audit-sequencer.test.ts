import { spawn } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import { Client } from "pg";
import { describe, expect, it } from "vitest";
import { hasPendingAuditEvents, settleAuditChain } from "@/lib/audit/sequencer";
import { verifyAuditChain } from "@/lib/audit/verify";
import { getDb } from "@/lib/db/client";
import { LOCKS } from "@/lib/db/locks";
import { until } from "./support/until";

// The sequencer across processes: instances in child processes on this file's database,
// writing and sequencing at once; one of them killed while it holds the chain's lock.

const root = path.resolve(import.meta.dirname, "..");

function instance(args: string[]) {
  const child = spawn("npx", ["tsx", "--conditions=react-server", "tests/support/audit-instance.ts", ...args], { cwd: root, env: process.env, detached: true });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function counts() {
  const [row] = (await getDb().execute(sql`SELECT count(*)::int AS total, count(seq)::int AS sequenced, coalesce(max(seq), 0)::int AS head FROM audit_events`)).rows as { total: number; sequenced: number; head: number }[];
  return row!;
}

/** Whether some session other than this pool's holds the chain's advisory lock (a batch in progress). */
async function chainLockHeld(): Promise<boolean> {
  const { rows } = await getDb().execute(sql`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = ${LOCKS.auditChain} AND pid <> pg_backend_pid()`);
  return rows.length > 0;
}

/** Whether a sequencer's UPDATE is waiting for a row lock. */
async function batchWaitingAtUpdate(): Promise<boolean> {
  const { rows } = await getDb().execute(sql`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE audit_events a SET seq%' AND datname = current_database()`);
  return rows.length > 0;
}

describe("audit sequencer across instances", () => {
  it("100 concurrent writers through two instances make one gapless chain that verifies", { timeout: 120_000 }, async () => {
    const before = await counts();
    const a = instance(["write", "100", "50"]);
    const b = instance(["write", "100", "50"]);
    const [ea, eb] = await Promise.all([a.exited, b.exited]);
    expect(ea, a.output().stderr).toEqual({ code: 0, signal: null });
    expect(eb, b.output().stderr).toEqual({ code: 0, signal: null });
    expect(a.output().stdout).toContain("wrote 100");
    expect(await settleAuditChain(getDb(), 5_000)).toBe(true);
    const after = await counts();
    expect(after.total - before.total).toBe(200);
    expect(after.sequenced).toBe(after.total);
    expect(after.head).toBe(after.total);
    const result = await verifyAuditChain(getDb());
    expect(result).toMatchObject({ ok: true, checked: after.total, lastSeq: after.total });
    // Both instances' events are in it.
    const { rows } = await getDb().execute(sql`SELECT count(DISTINCT actor_label)::int AS n FROM audit_events WHERE actor_label LIKE 'pid %'`);
    expect(rows[0]).toEqual({ n: 2 });
  });

  it("a sequencer killed mid-batch leaves a verifiable chain, loses nothing, and the next one completes it", { timeout: 120_000 }, async () => {
    const before = await counts();
    const pending = 5_000;
    await getDb().execute(sql`
      INSERT INTO audit_events (occurred_at, actor_type, actor_label, action, target_type, target_id, changes)
      SELECT now(), 'system', 'kill test', 'system.seed', 'run', 'r' || g, jsonb_build_object('g', g) FROM generate_series(1, ${pending}) g`);
    // A row lock on one pending event holds the child's batch at its UPDATE, with the
    // chain's lock taken and the hashes computed: certainly mid-batch when it is killed.
    const blocker = new Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query("SELECT id FROM audit_events WHERE seq IS NULL ORDER BY id DESC LIMIT 1 FOR UPDATE");
      const victim = instance(["sequence", String(pending)]);
      await until(async () => (await batchWaitingAtUpdate()) || victim.child.exitCode !== null, "the child sequencer to reach its UPDATE", 90_000);
      expect(victim.child.exitCode, victim.output().stderr).toBeNull();
      expect(await chainLockHeld()).toBe(true);
      // npx runs node below it: the whole process group goes, as in a crash of the instance.
      process.kill(-victim.child.pid!, "SIGKILL");
      expect((await victim.exited).signal).toBe("SIGKILL");
      expect(victim.output().stdout).not.toContain("sequenced ");
    } finally {
      await blocker.query("ROLLBACK");
      await blocker.end();
    }
    // Its batch rolled back with its connection: the chain is as it was, every event still pending.
    await until(async () => !(await chainLockHeld()), "the killed session's lock to go", 30_000);
    expect(await counts()).toEqual({ total: before.total + pending, sequenced: before.sequenced, head: before.head });
    expect(await verifyAuditChain(getDb(), { settle: false })).toMatchObject({ ok: true, checked: before.sequenced, lastSeq: before.head });
    expect(await hasPendingAuditEvents(getDb())).toBe(true);
    // The next sequencer (here) completes it.
    expect(await settleAuditChain(getDb(), 60_000)).toBe(true);
    const after = await counts();
    expect(after).toEqual({ total: before.total + pending, sequenced: before.total + pending, head: before.total + pending });
    expect(await verifyAuditChain(getDb())).toMatchObject({ ok: true, checked: after.total });
  });
});

