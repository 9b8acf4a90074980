import "server-only";
import { inArray, sql } from "drizzle-orm";
import { recordAudit } from "../audit/record";
import type { Actor } from "../request/meta";
import type { Db, DbOrTx } from "../db/client";
import { projects, users } from "../db/schema";
import { ConflictError } from "../errors";
import { createUser } from "../users/create";
import { DEMO_PASSWORD, DEMO_USERS } from "./accounts";
import { DEFAULT_RUN_NAMES, DEMO_PROJECTS, RUN_KINDS, type RunKind } from "./catalog";
import { insertDemoAlerts } from "./seed-alerts";
import { insertLogs } from "./seed-logs";
import { insertDemoSlowQueries } from "./seed-slow-queries";
import { insertDemoMetrics } from "./seed-metrics";
import { insertDemoStatus } from "./seed-status";
import { insertRetries, insertRuns, type GeneratorProject } from "./seed-runs";

export { DEMO_PASSWORD, DEMO_USERS } from "./accounts";

export const DEFAULT_DEMO_RUNS = 3000;
const MIN_RUNS = 50;
const MAX_RUNS = 1_000_000;
const DAY_MS = 86_400_000;
const HISTORY_DAYS = 14;

export type SeedOptions = {
  /** Only true when OPSDECK_DEMO=1 or `--demo` was given: the demo sign-ins are public. */
  demo: boolean;
  /** The moment the data is relative to (default: now). */
  now?: Date;
  /** Runs to create (default 3000), retries included. */
  runs?: number;
  actor?: Actor;
};

export type SeedResult =
  | { skipped: true; reason: string }
  | { skipped: false; projects: number; runs: number; logLines: number; users: string[]; ms: number };

export class DemoModeRequiredError extends Error {
  constructor() {
    super("Refusing to seed demo data outside demo mode: set OPSDECK_DEMO=1 or pass --demo (it creates users with a published password)");
    this.name = "DemoModeRequiredError";
  }
}

const SEED_ACTOR: Actor = { type: "system", label: "cli" };

async function existingDemoUsers(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .select({ email: users.email })
    .from(users)
    .where(inArray(sql`lower(${users.email})`, DEMO_USERS.map((u) => u.email)));
  return rows.map((r) => r.email).sort();
}

const skipped = (emails: string[]): SeedResult => ({ skipped: true, reason: `demo users already exist (${emails.join(", ")})` });

/** How the requested total splits: runs in the last hour, retries (two rounds), the rest. */
function planCounts(total: number) {
  const live = Math.max(10, Math.round(total * 0.012));
  const retries = Math.floor(total / 100);
  const secondRetries = Math.floor(retries / 3);
  return { live, retries, secondRetries, base: total - live - retries - secondRetries };
}

/**
 * Loads the demo: three users with the published password, ~10 projects (one archived)
 * and `runs` runs over the last 14 days with their logs, a few alert rules with an
 * unreachable webhook channel and two incidents (one resolved, one open), in one transaction with one
 * "system.seed" event. Does nothing when any demo user already exists.
 */
export async function seedDemo(db: Db, options: SeedOptions): Promise<SeedResult> {
  if (options.demo !== true) throw new DemoModeRequiredError();
  const total = options.runs ?? DEFAULT_DEMO_RUNS;
  if (!Number.isInteger(total) || total < MIN_RUNS || total > MAX_RUNS) {
    throw new RangeError(`runs must be an integer between ${MIN_RUNS} and ${MAX_RUNS}`);
  }
  const now = options.now ?? new Date();
  const actor = options.actor ?? SEED_ACTOR;

  const existing = await existingDemoUsers(db);
  if (existing.length > 0) return skipped(existing);

  const started = performance.now();
  try {
    return await db.transaction(async (tx) => {
      // A deliberate bulk load: the pool's per-statement timeout is meant for requests.
      await tx.execute(sql`SET LOCAL statement_timeout = '5min'`);
      // Users first: a concurrent seed blocks here on the email index, then finds them.
      const created: string[] = [];
      for (const u of DEMO_USERS) {
        const user = await createUser(tx, { email: u.email, name: u.name, role: u.role, password: DEMO_PASSWORD }, actor);
        created.push(user.email);
      }

      const inserted = await tx
        .insert(projects)
        .values(
          DEMO_PROJECTS.map((p) => {
            const createdAt = new Date(now.getTime() - p.createdDaysAgo * DAY_MS);
            const archivedAt = p.archivedDaysAgo === undefined ? null : new Date(now.getTime() - p.archivedDaysAgo * DAY_MS);
            return { slug: p.slug, name: p.name, description: p.description, createdAt, archivedAt, updatedAt: archivedAt ?? createdAt };
          }),
        )
        // A slug someone already uses stays theirs; runs only go into projects seeded here.
        .onConflictDoNothing({ target: projects.slug })
        .returning({ id: projects.id, slug: projects.slug, archivedAt: projects.archivedAt });

      const generatorProjects: GeneratorProject[] = inserted.map((row) => {
        const p = DEMO_PROJECTS.find((d) => d.slug === row.slug)!;
        const names = Object.fromEntries(RUN_KINDS.map((k) => [k, p.names?.[k] ?? DEFAULT_RUN_NAMES[k]])) as Record<RunKind, string[]>;
        return {
          id: row.id,
          slug: row.slug,
          weight: p.weight,
          failureRate: p.failureRate,
          kinds: p.kinds,
          names,
          windowStart: new Date(now.getTime() - HISTORY_DAYS * DAY_MS),
          // An archived project stopped getting runs an hour before it was archived.
          windowEnd: row.archivedAt ? new Date(row.archivedAt.getTime() - 3_600_000) : now,
          archived: row.archivedAt !== null,
        };
      });

      let runCount = 0;
      let logLines = 0;
      if (generatorProjects.length > 0) {
        const counts = planCounts(total);
        runCount += await insertRuns(tx, generatorProjects, { base: counts.base, live: counts.live, now });
        const active = generatorProjects.filter((p) => !p.archived).map((p) => p.id);
        const retry = { projectIds: active, now };
        runCount += await insertRetries(tx, { ...retry, attempt: 2, limit: counts.retries, failAgain: counts.secondRetries });
        runCount += await insertRetries(tx, { ...retry, attempt: 3, limit: counts.secondRetries, failAgain: 0 });
        logLines = await insertLogs(tx, generatorProjects.map((p) => p.id), now);
      }
      await insertDemoMetrics(tx, now);

      await insertDemoSlowQueries(tx, now, HISTORY_DAYS);
      const alerts = await insertDemoAlerts(tx, new Map(inserted.map((p) => [p.slug, p.id])), now);
      await insertDemoStatus(tx, now);
      await recordAudit(tx, {
        action: "system.seed",
        actor,
        changes: { projects: inserted.length, runs: runCount, logLines, users: created, alerts },
      });
      return {
        skipped: false,
        projects: inserted.length,
        runs: runCount,
        logLines,
        users: created,
        ms: Math.round(performance.now() - started),
      } satisfies SeedResult;
    });
  } catch (err) {
    // Lost a race with another seed: it created the users first, so this is the no-op case.
    if (err instanceof ConflictError) {
      const now = await existingDemoUsers(db);
      if (now.length > 0) return skipped(now);
    }
    throw err;
  }
}
