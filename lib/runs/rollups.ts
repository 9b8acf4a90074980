import "server-only";
import { sql, type SQL } from "drizzle-orm";

// Run counts for dashboards from the rollups of drizzle/0009, not from raw runs: per
// project, creation hour (UTC) and status (run_rollups, run_rollup_totals) and a duration
// histogram per project and hour (run_duration_rollups), each plus the deltas the fold job
// has not moved yet (run_rollup_deltas), read in the same statement, so every figure is
// exact whatever the fold's lag. A window [from, to) that does not fall on hour boundaries
// counts its partial first and last hours from raw runs (at most half an hour of rows at
// each end, see windowed), whatever the history holds.

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

/**
 * "The last `hours` hours" as dashboards count them, in hourly buckets: the current hour and
 * the `hours - 1` before it (UTC). On an hour boundary and open-ended, such a window reads
 * rollups alone, so its cost stays flat however many runs an hour holds (bench/dashboards.ts).
 */
export const lastHoursFrom = (hours: number): SQL => sql`date_trunc('hour', now() - make_interval(hours => ${hours - 1}), 'UTC')`;

const onProjects = (column: SQL, ids: string[] | undefined) => (ids ? sql`AND ${column} = ANY(${sql.param(ids)}::uuid[])` : sql``);

/** Pending deltas count only for projects that still exist (a deleted project's rollups went with it). */
const liveDelta = sql`AND EXISTS (SELECT 1 FROM projects p WHERE p.id = d.project_id)`;

/**
 * The window's bounds: lo_t/hi_t the instants, [lo_b, hi_b) the whole hours inside; the
 * partial hours are [lo_t, least(lo_b, hi_t)) and [hi_b, hi_t). Inline
 * expressions (not a CTE read through subqueries) so the planner estimates the ranges from
 * their values and walks an index over the partial hours instead of scanning every run.
 */
function bounds(w: RollupWindow) {
  const lo_t = sql`(${w.from})::timestamptz`;
  const hi_t = w.to ? sql`(${w.to})::timestamptz` : sql`'infinity'::timestamptz`;
  const lo_b = sql`(date_trunc('hour', ${lo_t} - interval '1 microsecond', 'UTC') + interval '1 hour')`;
  const hi_b = sql`greatest(${lo_b}, date_trunc('hour', ${hi_t}, 'UTC'))`;
  return { lo_t, hi_t, lo_b, hi_b };
}

type Source = {
  /** Folded rollup rows and pending deltas whose `bucket` meets `cond`. */
  rollups: (cond: SQL) => SQL;
  /** Raw runs whose `created_at` meets `cond`, each counted `sign` times. */
  raw: (cond: SQL, sign: 1 | -1) => SQL;
};

/**
 * The window from `source`: whole hours from rollups; a partial hour from raw runs when the
 * window covers at most half of it, else as the hour's rollup less the raw runs of the part
 * outside the window, so at most half an hour of runs is read at each end. (A window ending
 * now covers most of the current hour: its raw part is the few runs created since.) The
 * conditions that choose a side hold no column, so PostgreSQL skips the other side unread.
 */
function windowed(w: RollupWindow, source: Source): SQL {
  const { lo_t, hi_t, lo_b, hi_b } = bounds(w);
  const half = sql`interval '30 minutes'`;
  const headFlip = sql`(${hi_t} >= ${lo_b} AND ${lo_b} - ${lo_t} > ${half})`;
  const parts = [
    source.rollups(sql`bucket >= ${lo_b} AND bucket < ${hi_b}`),
    source.raw(sql`created_at >= ${lo_t} AND created_at < least(${lo_b}, ${hi_t}) AND NOT ${headFlip}`, 1),
    source.rollups(sql`bucket = ${lo_b} - interval '1 hour' AND ${headFlip}`),
    source.raw(sql`created_at >= ${lo_b} - interval '1 hour' AND created_at < ${lo_t} AND ${headFlip}`, -1),
  ];
  if (w.to) {
    // A window that ends about now (a dashboard's "until now") takes the current hour from its
    // rollup less the runs of the last minute and later, however early in the hour it is.
    const tailFlip = sql`(${hi_t} - ${hi_b} > ${half} OR (${hi_t} > ${hi_b} AND ${hi_t} >= now() - interval '1 minute'))`;
    parts.push(
      source.raw(sql`created_at >= ${hi_b} AND created_at < ${hi_t} AND NOT ${tailFlip}`, 1),
      source.rollups(sql`bucket = ${hi_b} AND ${tailFlip}`),
      source.raw(sql`created_at >= ${hi_t} AND created_at < ${hi_b} + interval '1 hour' AND ${tailFlip}`, -1),
    );
  }
  return sql`(${sql.join(parts, sql` UNION ALL `)})`;
}

/** Rows (project_id, status, n) whose sums per project and status are the runs created in the window. */
export function windowStatusCounts(w: RollupWindow): SQL {
  return windowed(w, {
    rollups: (cond) => sql`
      SELECT project_id, status, n FROM run_rollups WHERE ${cond} ${onProjects(sql`project_id`, w.projectIds)}
      UNION ALL
      SELECT d.project_id, d.status, d.n::bigint FROM run_rollup_deltas d WHERE ${cond} ${onProjects(sql`d.project_id`, w.projectIds)} ${liveDelta}`,
    raw: (cond, sign) => sql`
      SELECT project_id, status, ${sql.raw(String(sign))}::bigint AS n FROM runs WHERE ${cond} ${onProjects(sql`project_id`, w.projectIds)}`,
  });
}

/** Rows (bin, n) whose sums per bin are the window's runs with a start and a finish, by duration bin. */
export function windowDurationBins(w: RollupWindow): SQL {
  return windowed(w, {
    rollups: (cond) => sql`
      SELECT bin, n FROM run_duration_rollups WHERE ${cond} ${onProjects(sql`project_id`, w.projectIds)}
      UNION ALL
      SELECT d.duration_bin, d.n::bigint FROM run_rollup_deltas d WHERE d.duration_bin IS NOT NULL AND ${cond} ${onProjects(sql`d.project_id`, w.projectIds)} ${liveDelta}`,
    raw: (cond, sign) => sql`
      SELECT run_duration_bin(started_at, finished_at) AS bin, ${sql.raw(String(sign))}::bigint AS n FROM runs
      WHERE started_at IS NOT NULL AND finished_at IS NOT NULL AND ${cond} ${onProjects(sql`project_id`, w.projectIds)}`,
  });
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
