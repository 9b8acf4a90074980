import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "../db/client";
import { ACTORS, BRANCHES, KIND_DURATIONS, RUN_KINDS, type RunKind } from "./catalog";

// Set-based generation of demo runs (logs: ./seed-logs.ts): each function is one
// INSERT … SELECT over generate_series and random(), so thousands of runs cost a handful of
// statements rather than a round trip per row. JS only supplies the small lookup tables
// (projects, kind mixes, name pools) as array parameters.

/** A seeded project as the generator needs it: its run share and the window its runs fall in. */
export type GeneratorProject = {
  id: string;
  slug: string;
  weight: number;
  failureRate: number;
  kinds: Partial<Record<RunKind, number>>;
  names: Record<RunKind, string[]>;
  windowStart: Date;
  windowEnd: Date;
  archived: boolean;
};

import { unnestTable as table } from "../db/unnest";

/** Weights to [lo, hi) bands over [0, 1) for picking with one random(); zero weights never match. */
export function bands(weights: number[]): [number, number][] {
  const total = weights.reduce((a, b) => a + b, 0);
  const last = weights.findLastIndex((w) => w > 0);
  let acc = 0;
  return weights.map((w, i) => {
    const lo = acc / total;
    acc += w;
    if (w <= 0) return [2, 2];
    return [lo, i === last ? 2 : acc / total]; // 2, not 1: float sums must not leave a gap below 1
  });
}

// Box–Muller: a standard normal from two uniforms, for log-normal durations and delays.
const NORMAL = sql.raw("(sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))");

/** Per-kind duration parameters (kind, median, sigma, min_s, max_s); draw with DURATION. */
function durationTable(): SQL {
  return table([
    ["kind", "text", [...RUN_KINDS]],
    ["median", "float8", RUN_KINDS.map((k) => KIND_DURATIONS[k].median)],
    ["sigma", "float8", RUN_KINDS.map((k) => KIND_DURATIONS[k].sigma)],
    ["min_s", "float8", RUN_KINDS.map((k) => KIND_DURATIONS[k].min)],
    ["max_s", "float8", RUN_KINDS.map((k) => KIND_DURATIONS[k].max)],
  ], "d");
}

/** A log-normal duration in seconds for the row joined to durationTable() as `d`. */
const DURATION = sql`least(d.max_s, greatest(d.min_s, exp(ln(d.median) + d.sigma * ${NORMAL})))`;

// Bots open pull requests; people press deploy.
const PEOPLE = ACTORS.filter((a) => !a.endsWith("[bot]") && a !== "opsdeck-agent");

export type RunPlan = { base: number; live: number; now: Date };

/**
 * Inserts `live` runs in the last hour (every fifth queued, two in five running, so those
 * statuses always exist) and `base` runs spread over each project's window, weighted to
 * weekday working hours (UTC). Older runs are terminal; statuses, start/finish times and
 * cancel requests agree with each other.
 */
export async function insertRuns(tx: Tx, projects: GeneratorProject[], plan: RunPlan): Promise<number> {
  const all = bands(projects.map((p) => p.weight));
  const live = bands(projects.map((p) => (p.archived ? 0 : p.weight)));
  const proj = table([
    ["p", "int", projects.map((_, i) => i)],
    ["id", "uuid", projects.map((p) => p.id)],
    ["slug", "text", projects.map((p) => p.slug)],
    ["lo", "float8", all.map((b) => b[0])],
    ["hi", "float8", all.map((b) => b[1])],
    ["live_lo", "float8", live.map((b) => b[0])],
    ["live_hi", "float8", live.map((b) => b[1])],
    ["fail_rate", "float8", projects.map((p) => p.failureRate)],
    ["window_start", "timestamptz", projects.map((p) => p.windowStart.toISOString())],
    ["window_end", "timestamptz", projects.map((p) => p.windowEnd.toISOString())],
  ]);
  const mixRows = projects.flatMap((p, i) => {
    const b = bands(RUN_KINDS.map((k) => p.kinds[k] ?? 0));
    return RUN_KINDS.map((kind, k) => ({ p: i, kind, lo: b[k]![0], hi: b[k]![1] }));
  });
  const mix = table([
    ["p", "int", mixRows.map((r) => r.p)],
    ["kind", "text", mixRows.map((r) => r.kind)],
    ["lo", "float8", mixRows.map((r) => r.lo)],
    ["hi", "float8", mixRows.map((r) => r.hi)],
  ]);
  const nameRows = projects.flatMap((p, i) => RUN_KINDS.flatMap((kind) => p.names[kind].map((name) => ({ p: i, kind, name }))));
  const names = table([
    ["p", "int", nameRows.map((r) => r.p)],
    ["kind", "text", nameRows.map((r) => r.kind)],
    ["name", "text", nameRows.map((r) => r.name)],
  ]);
  const now = sql`${plan.now.toISOString()}::timestamptz`;
  const result = await tx.execute(sql`
    WITH proj AS (SELECT * FROM ${proj}),
    mix AS (SELECT * FROM ${mix}),
    names AS (SELECT p, kind, array_agg(name) AS pool FROM ${names} GROUP BY p, kind),
    dur AS (SELECT * FROM ${durationTable()}),
    -- 4× spare candidates: the working-hours filter below keeps a bit over half of them.
    candidate AS (
      SELECT i, i <= ${plan.live} AS live, random() AS r_p, random() AS r_k, random() AS r_t, random() AS r_keep
      FROM generate_series(1, ${plan.live} + ${plan.base} * 4) AS i
    ),
    placed AS (
      SELECT c.i, c.live, c.r_keep, pr.p, pr.id AS project_id, pr.slug, pr.fail_rate, mx.kind,
        CASE WHEN c.live THEN ${now} - interval '55 minutes' * c.r_t
             ELSE pr.window_start + (pr.window_end - pr.window_start) * c.r_t END AS t
      FROM candidate c
      JOIN proj pr ON CASE WHEN c.live THEN c.r_p >= pr.live_lo AND c.r_p < pr.live_hi
                           ELSE c.r_p >= pr.lo AND c.r_p < pr.hi END
      JOIN mix mx ON mx.p = pr.p AND c.r_k >= mx.lo AND c.r_k < mx.hi
    ),
    chosen AS (
      (SELECT * FROM placed WHERE live)
      UNION ALL
      (SELECT * FROM placed
        WHERE NOT live AND r_keep < CASE
          WHEN kind = 'scheduled' THEN 1
          WHEN extract(isodow FROM t AT TIME ZONE 'UTC') >= 6 THEN 0.15
          WHEN extract(hour FROM t AT TIME ZONE 'UTC') BETWEEN 8 AND 18 THEN 1
          ELSE 0.3 END
        LIMIT ${plan.base})
    ),
    timed AS (
      SELECT ch.*,
        -- schedules fire on the hour
        CASE WHEN ch.kind = 'scheduled' AND NOT ch.live
             THEN least(${now}, date_trunc('hour', ch.t) + random() * interval '4 seconds') ELSE ch.t END AS created_at,
        least(240, greatest(1, exp(ln(6) + 1.0 * ${NORMAL}))) AS delay_s,
        ${DURATION} AS dur_s,
        random() AS r_outcome, random() AS r_partial
      FROM chosen ch JOIN dur d ON d.kind = ch.kind
    ),
    statused AS (
      SELECT tm.*, tm.created_at + tm.delay_s * interval '1 second' AS picked_at,
        CASE
          WHEN tm.live AND tm.i % 5 = 0 THEN 'queued'
          WHEN tm.live AND tm.i % 5 IN (1, 2) THEN 'running'
          WHEN tm.created_at + tm.delay_s * interval '1 second' > ${now} THEN 'queued'
          WHEN tm.created_at + (tm.delay_s + tm.dur_s) * interval '1 second' > ${now} THEN 'running'
          WHEN tm.r_outcome < tm.fail_rate THEN 'failed'
          WHEN tm.r_outcome < tm.fail_rate + 0.035 THEN 'cancelled'
          ELSE 'succeeded'
        END AS status
      FROM timed tm
    ),
    shaped AS (
      SELECT s.*,
        CASE WHEN s.status = 'queued' OR (s.status = 'cancelled' AND s.r_partial < 0.3) THEN NULL
             ELSE least(s.picked_at, ${now}) END AS started_at,
        CASE s.status
          WHEN 'succeeded' THEN s.picked_at + s.dur_s * interval '1 second'
          WHEN 'failed' THEN s.picked_at + s.dur_s * (0.15 + 0.85 * s.r_partial) * interval '1 second'
          -- cancelled while still queued (no start), or part-way through
          WHEN 'cancelled' THEN CASE WHEN s.r_partial < 0.3 THEN s.created_at + s.delay_s * s.r_partial * interval '1 second'
                                     ELSE s.picked_at + s.dur_s * s.r_partial * interval '1 second' END
        END AS finished_at,
        row_number() OVER (PARTITION BY s.p ORDER BY s.created_at) AS build_seq,
        row_number() OVER (ORDER BY s.created_at) AS global_seq,
        row_number() OVER (PARTITION BY s.status ORDER BY s.created_at) AS status_rank
      FROM statused s
    ),
    named AS (
      SELECT sh.*,
        replace(nm.pool[1 + floor(random() * cardinality(nm.pool))::int], '{n}', (1000 + sh.p * 173 + sh.build_seq)::text) AS name,
        CASE WHEN sh.kind = 'ci' AND random() >= 0.45
             THEN (${sql.param(BRANCHES)}::text[])[1 + floor(random() * ${BRANCHES.length})::int] ELSE 'main' END AS branch
      FROM shaped sh JOIN names nm ON nm.p = sh.p AND nm.kind = sh.kind
    )
    INSERT INTO runs (project_id, name, kind, external_id, status, cancel_requested_at, metadata,
                      created_at, started_at, finished_at, updated_at)
    SELECT n.project_id, n.name, n.kind,
      CASE n.kind
        WHEN 'ci' THEN (8800000000 + n.global_seq * 17 + floor(random() * 17))::bigint::text
        WHEN 'deploy' THEN 'dep_' || substr(md5(random()::text), 1, 12)
        WHEN 'scheduled' THEN n.slug || '-' || to_char(n.created_at AT TIME ZONE 'UTC', 'YYYYMMDD"T"HH24MI')
        ELSE 'agt_' || substr(md5(random()::text), 1, 16)
      END,
      n.status::run_status,
      CASE
        WHEN n.status = 'cancelled' AND n.started_at IS NOT NULL
          THEN greatest(n.started_at, n.finished_at - (2 + 20 * random()) * interval '1 second')
        -- a few running runs wait for their executor to confirm a cancel
        WHEN n.status = 'running' AND n.status_rank <= 3
          THEN least(${now}, greatest(n.started_at, ${now} - random() * interval '90 seconds'))
      END,
      jsonb_strip_nulls(jsonb_build_object(
        'branch', n.branch,
        'commit', substr(md5(random()::text) || md5(random()::text), 1, 40),
        'trigger', CASE n.kind
          WHEN 'ci' THEN CASE WHEN n.branch = 'main' THEN 'push' ELSE 'pull_request' END
          WHEN 'deploy' THEN CASE WHEN random() < 0.7 THEN 'merge' ELSE 'manual' END
          WHEN 'scheduled' THEN 'schedule'
          ELSE (ARRAY['issue', 'manual', 'schedule'])[1 + floor(random() * 3)::int] END,
        'pullRequest', CASE WHEN n.kind = 'ci' AND n.branch <> 'main' THEN 1800 + floor(random() * 600)::int END,
        'environment', CASE WHEN n.name LIKE '%production%' THEN 'production' WHEN n.name LIKE '%staging%' THEN 'staging'
                            WHEN n.name LIKE '%preview%' THEN 'preview' END,
        'actor', CASE n.kind WHEN 'scheduled' THEN NULL WHEN 'agent' THEN 'opsdeck-agent'
                 WHEN 'deploy' THEN (${sql.param(PEOPLE)}::text[])[1 + floor(random() * ${PEOPLE.length})::int]
                 ELSE (${sql.param(ACTORS)}::text[])[1 + floor(random() * ${ACTORS.length})::int] END
      )),
      n.created_at, n.started_at, n.finished_at,
      coalesce(n.finished_at, n.started_at, n.created_at)
    FROM named n
  `);
  return result.rowCount ?? 0;
}

export type RetryPlan = {
  projectIds: string[];
  now: Date;
  /** Attempt number of the retries written (2 for a first retry). */
  attempt: number;
  limit: number;
  /** How many of the new retries fail again (and so can be retried in the next round). */
  failAgain: number;
};

/**
 * Retries of failed runs in the same project, linked by retry_of: attempt 2 picks failed
 * originals that finished over 3 h ago (so the retry has finished too), attempt 3 picks
 * the attempt-2 retries that failed, making chains of three.
 */
export async function insertRetries(tx: Tx, plan: RetryPlan): Promise<number> {
  const source =
    plan.attempt === 2
      ? sql`r.retry_of IS NULL AND r.finished_at < ${plan.now.toISOString()}::timestamptz - interval '3 hours'`
      : sql`r.retry_of IS NOT NULL AND (r.metadata->>'attempt')::int = ${plan.attempt - 1}`;
  const result = await tx.execute(sql`
    WITH src AS (
      SELECT r.* FROM runs r
      WHERE r.project_id = ANY(${sql.param(plan.projectIds)}::uuid[]) AND r.status = 'failed' AND ${source}
      ORDER BY random() LIMIT ${plan.limit}
    ),
    timed AS (
      SELECT src.*, row_number() OVER () AS rn,
        src.finished_at + (30 + random() * 570) * interval '1 second' AS retry_at,
        (1 + random() * 40) * interval '1 second' AS delay,
        ${DURATION} * interval '1 second' AS took
      FROM src JOIN ${durationTable()} ON d.kind = src.kind
    )
    INSERT INTO runs (project_id, name, kind, external_id, status, retry_of, metadata, created_at, started_at, finished_at, updated_at)
    SELECT project_id, name, kind,
      regexp_replace(coalesce(external_id, id::text), '/attempts/\\d+$', '') || '/attempts/' || ${plan.attempt},
      CASE WHEN rn <= ${plan.failAgain} THEN 'failed' ELSE 'succeeded' END::run_status,
      id,
      metadata || jsonb_build_object('trigger', 'retry', 'attempt', ${plan.attempt}::int),
      retry_at, retry_at + delay,
      retry_at + delay + took * CASE WHEN rn <= ${plan.failAgain} THEN 0.5 ELSE 1 END,
      retry_at + delay + took * CASE WHEN rn <= ${plan.failAgain} THEN 0.5 ELSE 1 END
    FROM timed
  `);
  return result.rowCount ?? 0;
}
