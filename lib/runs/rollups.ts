import "server-only";
import { sql, type SQL } from "drizzle-orm";

// Run counts for dashboards from the rollups of drizzle/0009, not from raw runs: per
// project, creation hour (UTC) and status (run_rollups, run_rollup_totals) and a duration
// histogram per project and hour (run_duration_rollups), each plus the deltas the fold job
// has not moved yet (run_rollup_deltas), read in the same statement, so every figure is
// exact whatever the fold's lag. A window [from, to) that does not fall on hour boundaries
// counts its partial first and last hours from raw runs: at most two hours of rows,
// whatever the history holds.

/** Duration bins per octave of milliseconds (run_duration_bin in drizzle/0009). */
export const DURATION_BINS_PER_OCTAVE = 16;

export type RollupWindow = {
  /** Start of the window (inclusive), a timestamptz expression (e.g. sql`now() - interval '24 hours'`). */
  from: SQL;
  /** End (exclusive); open-ended when absent. */
  to?: SQL;
  /** Only these projects; every project when absent. */
  projectIds?: string[];
};

const onProjects = (column: SQL, ids: string[] | undefined) => (ids ? sql`AND ${column} = ANY(${sql.param(ids)}::uuid[])` : sql``);

/** Pending deltas count only for projects that still exist (a deleted project's rollups went with it). */
const liveDelta = sql`AND EXISTS (SELECT 1 FROM projects p WHERE p.id = d.project_id)`;

/**
 * The window's bounds as one row: lo_t/hi_t the instants, [lo_b, hi_b) the whole hours inside.
 * Raw runs cover [lo_t, least(lo_b, hi_t)) and [hi_b, hi_t); rollups cover [lo_b, hi_b).
 */
function bounds(w: RollupWindow): SQL {
  const to = w.to ?? sql`'infinity'::timestamptz`;
  return sql`bounds AS MATERIALIZED (
    SELECT lo_t, hi_t, lo_b, greatest(lo_b, date_trunc('hour', hi_t, 'UTC')) AS hi_b
    FROM (SELECT lo_t, hi_t,
                 date_trunc('hour', lo_t, 'UTC') + CASE WHEN date_trunc('hour', lo_t, 'UTC') = lo_t THEN interval '0' ELSE interval '1 hour' END AS lo_b
          FROM (SELECT (${w.from})::timestamptz AS lo_t, (${to})::timestamptz AS hi_t) a) b
  )`;
}

const b = (name: "lo_t" | "hi_t" | "lo_b" | "hi_b") => sql.raw(`(SELECT ${name} FROM bounds)`);

/** Raw runs of the window's partial hours (its first and its last), with `select` as the target list. */
function rawEdges(w: RollupWindow, select: SQL, extra: SQL = sql``): SQL {
  return sql`
    SELECT ${select} FROM runs WHERE created_at >= ${b("lo_t")} AND created_at < least(${b("lo_b")}, ${b("hi_t")}) ${onProjects(sql`project_id`, w.projectIds)} ${extra}
    UNION ALL
    SELECT ${select} FROM runs WHERE created_at >= ${b("hi_b")} AND created_at < ${b("hi_t")} ${onProjects(sql`project_id`, w.projectIds)} ${extra}`;
}

/** Rows (project_id, status, n) whose sums per project and status are the runs created in the window. */
export function windowStatusCounts(w: RollupWindow): SQL {
  return sql`(
    WITH ${bounds(w)}
    SELECT project_id, status, n FROM run_rollups
    WHERE bucket >= ${b("lo_b")} AND bucket < ${b("hi_b")} ${onProjects(sql`project_id`, w.projectIds)}
    UNION ALL
    SELECT d.project_id, d.status, d.n::bigint FROM run_rollup_deltas d
    WHERE d.bucket >= ${b("lo_b")} AND d.bucket < ${b("hi_b")} ${onProjects(sql`d.project_id`, w.projectIds)} ${liveDelta}
    UNION ALL
    ${rawEdges(w, sql`project_id, status, 1::bigint AS n`)}
  )`;
}

/** Rows (bin, n) whose sums per bin are the window's runs with a start and a finish, by duration bin. */
export function windowDurationBins(w: RollupWindow): SQL {
  return sql`(
    WITH ${bounds(w)}
    SELECT bin, n FROM run_duration_rollups
    WHERE bucket >= ${b("lo_b")} AND bucket < ${b("hi_b")} ${onProjects(sql`project_id`, w.projectIds)}
    UNION ALL
    SELECT d.duration_bin, d.n::bigint FROM run_rollup_deltas d
    WHERE d.duration_bin IS NOT NULL AND d.bucket >= ${b("lo_b")} AND d.bucket < ${b("hi_b")} ${onProjects(sql`d.project_id`, w.projectIds)} ${liveDelta}
    UNION ALL
    ${rawEdges(w, sql`run_duration_bin(started_at, finished_at) AS bin, 1::bigint AS n`, sql`AND started_at IS NOT NULL AND finished_at IS NOT NULL`)}
  )`;
}

/** Rows (project_id, status, n) whose sums are every run ever created, per project and status. */
export function allTimeStatusCounts(projectIds?: string[]): SQL {
  return sql`(
    SELECT project_id, status, n FROM run_rollup_totals WHERE true ${onProjects(sql`project_id`, projectIds)}
    UNION ALL
    SELECT d.project_id, d.status, d.n::bigint FROM run_rollup_deltas d WHERE true ${onProjects(sql`d.project_id`, projectIds)} ${liveDelta}
  )`;
}

/**
 * The p-quantile (0…1) of durations in ms from a histogram of run_duration_bin bins, the
 * way percentile_cont ranks (p × (n − 1)), placed within its bin by its rank there on a
 * log scale: within a bin's width (2^(1/16), about 4.4 %) of the exact value.
 */
export function quantileFromDurationBins(bins: { bin: number; n: number }[], p: number): number | null {
  const sorted = bins.filter((x) => x.n > 0).sort((a, c) => a.bin - c.bin);
  const total = sorted.reduce((s, x) => s + x.n, 0);
  if (total === 0) return null;
  const rank = p * (total - 1);
  let below = 0;
  for (const { bin, n } of sorted) {
    if (below + n > rank) {
      const within = Math.min(1, (rank - below + 0.5) / n);
      return 2 ** ((bin + within) / DURATION_BINS_PER_OCTAVE);
    }
    below += n;
  }
  const last = sorted.at(-1)!;
  return 2 ** ((last.bin + 1) / DURATION_BINS_PER_OCTAVE);
}
