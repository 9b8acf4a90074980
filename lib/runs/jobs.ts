import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { registerJob } from "../jobs/scheduler";

// Folds run_changes into projects.runs_revision (drizzle/0004), so the runs list's validator
// stays one short count however busy a project is. Batches bound each statement; a tick
// folds until a batch comes back short.
const BATCH = 5_000;

export async function foldRunChanges(maxBatches = 20): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const { rows } = await getDb().execute<{ folded: number }>(sql`SELECT fold_run_changes(${BATCH}) AS folded`);
    const folded = rows[0]?.folded ?? 0;
    total += folded;
    if (folded < BATCH) break;
  }
  return total;
}

registerJob({ name: "runs.fold_changes", intervalMs: 2_000, run: () => foldRunChanges() });

// Folds run_rollup_deltas into the dashboards' rollups (drizzle/0009). Readers add the
// pending deltas, so the lag only bounds how many rows they add: a tick folds until a
// batch comes back short (at most ROLLUP_BATCH × maxBatches rows).
const ROLLUP_BATCH = 10_000;

export async function foldRunRollups(maxBatches = 20): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const { rows } = await getDb().execute<{ folded: number }>(sql`SELECT fold_run_rollup_deltas(${ROLLUP_BATCH}) AS folded`);
    const folded = rows[0]?.folded ?? 0;
    total += folded;
    if (folded < ROLLUP_BATCH) break;
  }
  return total;
}

registerJob({ name: "runs.fold_rollups", intervalMs: 2_000, run: () => foldRunRollups() });
