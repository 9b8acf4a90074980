import "server-only";
import { sql } from "drizzle-orm";
import { dbErrorMessage, getDb, getDirectPool } from "../db/client";
import { LOCKS } from "../db/locks";
import { backgroundJobs } from "../db/schema";
import { instanceId } from "../runtime/instance";
import { errorField, log } from "../log/logger";

// Background work (metric flush and roll-up, health probes, retention) registers here and
// runs on one instance at a time: each run holds a session advisory lock keyed by the job
// name on a dedicated connection; an instance that does not get the lock skips that tick.
// The background_jobs row records the last run and the holder for /admin/system.
//
// Jobs whose effect must not be skipped on any instance (flushing *this* process's own
// metrics) set `everyInstance: true`: they run without the lock.

export type Job = {
  name: string;
  intervalMs: number;
  /** Its result is ignored; a throw marks the run failed. */
  run: () => Promise<unknown>;
  everyInstance?: boolean;
};

type State = { jobs: Map<string, Job>; started: boolean; running: Set<string>; timers?: NodeJS.Timeout[] };
const holder = globalThis as unknown as { __opsdeckJobs?: State };
const state = (): State => (holder.__opsdeckJobs ??= { jobs: new Map(), started: false, running: new Set() });

export function registerJob(job: Job): void {
  state().jobs.set(job.name, job);
}

export function registeredJobs(): Job[] {
  return [...state().jobs.values()];
}

export type JobOutcome = "ran" | "skipped_locked" | "skipped_running" | "failed";

/** Runs one job now (under its lock unless everyInstance) and records the outcome. */
export async function runJobOnce(name: string): Promise<JobOutcome> {
  const job = state().jobs.get(name);
  if (!job) throw new Error(`unknown job ${name}`);
  const s = state();
  if (s.running.has(name)) return "skipped_running";
  s.running.add(name);
  const client = job.everyInstance ? null : await getDirectPool().connect();
  // The lock's connection sits idle while the job runs on others; if the server ends it
  // (restart, 57P01), pg emits "error" on it, which must not become an uncaught exception.
  const onError = (err: Error) => log("jobs").error({ job: name, err: errorField(err) }, "lock connection lost");
  client?.on("error", onError);
  try {
    if (client) {
      const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok", [LOCKS.background, name]);
      if (!rows[0]?.ok) return "skipped_locked";
    }
    const started = new Date();
    const me = instanceId();
    await getDb()
      .insert(backgroundJobs)
      .values({ name, holder: me, lastStartedAt: started })
      .onConflictDoUpdate({ target: backgroundJobs.name, set: { holder: me, lastStartedAt: started } });
    let error: string | null = null;
    try {
      await job.run();
    } catch (err) {
      error = dbErrorMessage(err);
      log("jobs").error({ job: name, error }, "job failed");
    }
    await getDb()
      .update(backgroundJobs)
      .set({ holder: null, lastFinishedAt: new Date(), lastStatus: error ? "error" : "ok", lastError: error, runCount: sql`${backgroundJobs.runCount} + 1` })
      .where(sql`${backgroundJobs.name} = ${name}`);
    return error ? "failed" : "ran";
  } finally {
    if (client) {
      await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [LOCKS.background, name]).catch(() => undefined);
      client.off("error", onError);
      client.release();
    }
    s.running.delete(name);
  }
}

/** Starts every registered job's timer (once per process). Timers do not keep the process alive. */
export function startJobs(): void {
  const s = state();
  if (s.started) return;
  s.started = true;
  for (const job of s.jobs.values()) {
    const tick = () => void runJobOnce(job.name).catch((err: Error) => log("jobs").error({ job: job.name, err: errorField(err) }, "job run failed"));
    const timer = setInterval(tick, job.intervalMs);
    timer.unref();
    (s.timers ??= []).push(timer);
  }
}

/** Stops the timers startJobs() set (benchmarks that run jobs as an instance would); runs in flight finish. */
export function stopJobs(): void {
  const s = state();
  for (const timer of s.timers ?? []) clearInterval(timer);
  s.timers = [];
  s.started = false;
}
