import "server-only";
import { asc } from "drizzle-orm";
import { type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { getDb } from "../db/client";
import { backgroundJobs } from "../db/schema";
import { registeredJobs } from "../jobs/scheduler";

export type BackgroundJobDto = {
  name: string;
  intervalMs: number | null;
  everyInstance: boolean;
  /** Registered in this process; a row without a registration comes from another version or instance. */
  registered: boolean;
  holder: string | null;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastStatus: string | null;
  lastError: string | null;
  runCount: number;
};

/** Registered jobs and their last runs across instances (admins only). */
export async function listBackgroundJobs(ctx: AccessContext): Promise<BackgroundJobDto[]> {
  await authorize(ctx, "admin", "system:jobs");
  const rows = await getDb().select().from(backgroundJobs).orderBy(asc(backgroundJobs.name));
  const byName = new Map(rows.map((r) => [r.name, r]));
  const jobs = registeredJobs();
  const names = [...new Set([...jobs.map((j) => j.name), ...rows.map((r) => r.name)])].sort();
  return names.map((name) => {
    const job = jobs.find((j) => j.name === name);
    const row = byName.get(name);
    return {
      name,
      intervalMs: job?.intervalMs ?? null,
      everyInstance: job?.everyInstance ?? false,
      registered: Boolean(job),
      holder: row?.holder ?? null,
      lastStartedAt: row?.lastStartedAt?.toISOString() ?? null,
      lastFinishedAt: row?.lastFinishedAt?.toISOString() ?? null,
      lastStatus: row?.lastStatus ?? null,
      lastError: row?.lastError ?? null,
      runCount: row?.runCount ?? 0,
    };
  });
}
