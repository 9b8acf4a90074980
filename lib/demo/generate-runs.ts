import "server-only";
import { inArray, sql, type SQL } from "drizzle-orm";
import { recordAudit } from "../audit/record";
import type { Actor } from "../request/meta";
import type { Db } from "../db/client";
import { projects, runStatusEnum } from "../db/schema";
import { NotFoundError } from "../errors";
import { ACTORS, BRANCHES, DEFAULT_RUN_NAMES, KIND_DURATIONS, RUN_KINDS } from "./catalog";

// Bulk data for load tests and benchmarks (`npm run cli -- generate --runs N`): projects
// bench-01…, and runs written by one INSERT … SELECT FROM generate_series per chunk, so a
// million rows are a handful of statements, not a million round trips. Chunks commit on
// their own so progress can be shown and no single statement holds a huge transaction.

export type GenerateRunsOptions = {
  runs: number;
  /** Projects to spread the runs over (bench-01…); created when missing. Default 1. */
  projects?: number;
  /** Put every run into this existing project instead (NotFoundError when there is none). */
  projectSlug?: string;
  /** The instant the data ends at; runs spread over the 30 days before it. */
  now?: Date;
  /** Rows per INSERT (and transaction). */
  chunkSize?: number;
  /** Chunks inserted at once, each on its own connection. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  /** Who the "system.seed" audit event names; default the generator itself. */
  actor?: Actor;
};

export type GenerateRunsResult = { projects: number; runs: number; ms: number };

const DEFAULT_CHUNK = 125_000;
const DEFAULT_CONCURRENCY = 2;
const SPREAD = "30 days";

/** Share of each kind, in RUN_KINDS order (ci, deploy, scheduled, agent). */
const KIND_SHARE = [0.55, 0.2, 0.15, 0.1];

/**
 * Status mix, as upper bounds over one uniform: a thin slice of live runs (queued,
 * running, all within the last hour) and terminal runs for the rest.
 */
const STATUS_BOUNDS = { queued: 0.004, running: 0.012, cancelled: 0.045, failed: 0.145 };

export const benchProjectSlug = (i: number) => `bench-${String(i).padStart(2, "0")}`;

const cumulative = (xs: number[]) => xs.map((_, i) => xs.slice(0, i + 1).reduce((a, b) => a + b, 0));

// Box–Muller: a standard normal from two uniforms (1 - random() avoids ln(0)).
const NORMAL = sql.raw("(sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))");

export async function generateRuns(db: Db, options: GenerateRunsOptions): Promise<GenerateRunsResult> {
  const started = performance.now();
  const total = Math.max(0, Math.floor(options.runs));
  const projectCount = options.projectSlug ? 1 : Math.max(1, Math.floor(options.projects ?? 1));
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? DEFAULT_CHUNK));
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
  const now = options.now ?? new Date();

  const slugs = options.projectSlug ? [options.projectSlug] : Array.from({ length: projectCount }, (_, i) => benchProjectSlug(i + 1));
  if (!options.projectSlug) {
    await db
      .insert(projects)
      .values(slugs.map((slug) => ({ slug, name: `Bench ${slug.slice(6)}`, description: "Generated load-test data (npm run cli -- generate)." })))
      .onConflictDoNothing({ target: projects.slug });
  }
  const rows = await db.select({ id: projects.id, slug: projects.slug }).from(projects).where(inArray(projects.slug, slugs));
  const bySlug = new Map(rows.map((r) => [r.slug, r.id]));
  if (!bySlug.has(slugs[0]!)) throw new NotFoundError(`Project ${slugs[0]}`);
  const projectIds = slugs.map((s) => bySlug.get(s)!);

  const p = lookups(projectIds, now);

  const chunks: { from: number; to: number; total: number }[] = [];
  for (let from = 1; from <= total; from += chunkSize) chunks.push({ from, to: Math.min(total, from + chunkSize - 1), total });
  let done = 0;
  let next = 0;
  // Index upkeep and WAL, not the SELECT, bound a chunk: a second connection uses the second core.
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++]!;
      await db.transaction(async (tx) => {
        // A chunk is one long statement by design; the pool's per-statement cap is for requests.
        await tx.execute(sql`SET LOCAL statement_timeout = 0`);
        // Concurrent chunks would queue on the projects' revision rows (drizzle/0003); the
        // revisions are bumped once, below, when every chunk is in.
        await tx.execute(sql`SET LOCAL opsdeck.bulk_runs = 'on'`);
        await tx.execute(insertChunk(p, chunk, projectCount));
      });
      done += chunk.to - chunk.from + 1;
      options.onProgress?.(done, total);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
  await db.transaction(async (tx) => {
    await tx.update(projects).set({ runsRevision: sql`${projects.runsRevision} + 1` }).where(inArray(projects.id, projectIds));
    await recordAudit(tx, {
      action: "system.seed",
      actor: options.actor ?? { type: "system", label: "generator" },
      changes: { generator: "bench", projects: slugs, runs: total },
    });
  });
  await db.execute(sql`ANALYZE runs`);
  return { projects: projectCount, runs: total, ms: Math.round(performance.now() - started) };
}

/** Small lookup tables travel as array parameters; names are flattened with per-kind offsets. */
export function lookups(projectIds: string[], now: Date) {
  const names = RUN_KINDS.flatMap((k) => DEFAULT_RUN_NAMES[k]);
  const nameOffsets = RUN_KINDS.map((_, i) => RUN_KINDS.slice(0, i).reduce((n, k) => n + DEFAULT_RUN_NAMES[k].length, 0));
  const array = (values: unknown[], type: string) => sql`${sql.param(values)}::${sql.raw(type)}[]`;
  return {
    projectIds: array(projectIds, "uuid"),
    kinds: array([...RUN_KINDS], "text"),
    kindBounds: array(cumulative(KIND_SHARE), "float8"),
    median: array(RUN_KINDS.map((k) => KIND_DURATIONS[k].median), "float8"),
    sigma: array(RUN_KINDS.map((k) => KIND_DURATIONS[k].sigma), "float8"),
    minS: array(RUN_KINDS.map((k) => KIND_DURATIONS[k].min), "float8"),
    maxS: array(RUN_KINDS.map((k) => KIND_DURATIONS[k].max), "float8"),
    names: array(names, "text"),
    nameOffsets: array(nameOffsets, "int"),
    nameCounts: array(RUN_KINDS.map((k) => DEFAULT_RUN_NAMES[k].length), "int"),
    branches: array(BRANCHES, "text"),
    actors: array(ACTORS, "text"),
    statuses: array([...runStatusEnum.enumValues], "text"),
    now: sql`${now.toISOString()}::timestamptz`,
  } satisfies Record<string, SQL>;
}

/**
 * Runs numbered from…to, one INSERT … SELECT. Each level is a subquery: the innermost draws
 * the random numbers (a volatile target list keeps PostgreSQL from flattening it, so each
 * random() is drawn once per row), and OFFSET 0 fences the others so derived columns are
 * computed once rather than re-expanded into every expression that uses them.
 */
export function insertChunk(p: ReturnType<typeof lookups>, range: { from: number; to: number; total: number }, projectCount: number): SQL {
  const { from, to, total } = range;
  return sql`
    INSERT INTO runs (project_id, name, kind, external_id, status, cancel_requested_at, metadata,
                      created_at, started_at, finished_at, updated_at)
    SELECT project_id, name, kind, external_id, status::run_status,
      CASE WHEN status = 'cancelled' AND started_at IS NOT NULL
           THEN greatest(started_at, finished_at - (2 + 20 * r_part) * interval '1 second') END,
      metadata, created_at, started_at, finished_at, coalesce(finished_at, started_at, created_at)
    FROM (
      SELECT c.*,
        CASE WHEN status = 'queued' OR (status = 'cancelled' AND r_part < 0.3) THEN NULL
             ELSE created_at + wait_s * interval '1 second' END AS started_at,
        CASE status
          WHEN 'succeeded' THEN created_at + (wait_s + dur_s) * interval '1 second'
          WHEN 'failed' THEN created_at + (wait_s + dur_s * (0.15 + 0.85 * r_part)) * interval '1 second'
          -- cancelled while still queued (no start), or part-way through
          WHEN 'cancelled' THEN CASE WHEN r_part < 0.3 THEN created_at + wait_s * r_part * interval '1 second'
                                     ELSE created_at + (wait_s + dur_s * r_part) * interval '1 second' END
        END AS finished_at
      FROM (
        SELECT d.*,
          -- live runs sit in the last hour; terminal ones finish before now and start over 30 days
          CASE status
            WHEN 'queued' THEN ${p.now} - r_age * interval '10 minutes'
            WHEN 'running' THEN ${p.now} - (wait_s + dur_s * r_age) * interval '1 second'
            ELSE ${p.now} - (wait_s + dur_s) * interval '1 second'
                 - (g - 1 + r_age) / ${total}::float8 * (interval '${sql.raw(SPREAD)}' - interval '1 hour')
          END AS created_at,
          (${p.kinds})[k] AS kind,
          replace((${p.names})[(${p.nameOffsets})[k] + 1 + floor(r_name * (${p.nameCounts})[k])::int], '{n}', (1000 + g)::text) AS name,
          CASE k WHEN 1 THEN (8800000000 + g)::text WHEN 2 THEN 'dep_' || lpad(to_hex(g), 10, '0') END AS external_id,
          jsonb_build_object(
            'branch', CASE WHEN k = 1 AND r_branch >= 0.45
                           THEN (${p.branches})[1 + floor(r_branch * 1000)::int % ${BRANCHES.length}] ELSE 'main' END,
            'commit', lpad(to_hex(floor(r_name * 4294967295)::bigint), 8, '0'),
            'actor', (${p.actors})[1 + floor(r_branch * 997)::int % ${ACTORS.length}]
          ) AS metadata,
          (${p.projectIds})[1 + g % ${projectCount}] AS project_id
        FROM (
          SELECT v.*,
            least((${p.maxS})[k], greatest((${p.minS})[k], (${p.median})[k] * exp((${p.sigma})[k] * z_dur))) AS dur_s
          FROM (
            SELECT u.*,
              CASE WHEN r_kind < (${p.kindBounds})[1] THEN 1 WHEN r_kind < (${p.kindBounds})[2] THEN 2
                   WHEN r_kind < (${p.kindBounds})[3] THEN 3 ELSE 4 END AS k,
              -- the first rows take each status in turn, so any set of ≥ 5 runs has them all
              CASE WHEN g <= 5 THEN (${p.statuses})[g]
                   WHEN r_status < ${STATUS_BOUNDS.queued} THEN 'queued'
                   WHEN r_status < ${STATUS_BOUNDS.running} THEN 'running'
                   WHEN r_status < ${STATUS_BOUNDS.cancelled} THEN 'cancelled'
                   WHEN r_status < ${STATUS_BOUNDS.failed} THEN 'failed'
                   ELSE 'succeeded' END AS status,
              least(300, exp(ln(6) + 0.9 * z_wait)) AS wait_s
            FROM (
              SELECT g, random() AS r_kind, random() AS r_status, random() AS r_age, random() AS r_name,
                     random() AS r_part, random() AS r_branch, ${NORMAL} AS z_dur, ${NORMAL} AS z_wait
              FROM generate_series(${from}::int, ${to}::int) AS g
            ) u OFFSET 0
          ) v OFFSET 0
        ) d OFFSET 0
      ) c OFFSET 0
    ) x`;
}
