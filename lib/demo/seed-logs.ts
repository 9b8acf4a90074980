import "server-only";
import { sql } from "drizzle-orm";
import type { Tx } from "../db/client";
import { LOG_TEMPLATES, RUN_KINDS, type LogPhase } from "./catalog";
import { unnestTable as table } from "../db/unnest";

const LEVELS: Record<LogPhase, "info" | "warn" | "error"> = {
  start: "info",
  step: "info",
  progress: "info",
  success: "info",
  warn: "warn",
  cancel: "warn",
  error: "error",
  failure: "error",
};

/**
 * 5–40 log lines (seq 1..n) for every run that started: a start line, the kind's steps in
 * order with progress lines, the odd warning or transient error between them, and a last
 * line that matches the status (an error line for failed runs). Queued runs, and runs
 * cancelled before they started, have no output yet. Timestamps rise from started_at to
 * finished_at (or now, while running). One INSERT … SELECT over generate_series.
 */
export async function insertLogs(tx: Tx, projectIds: string[], now: Date): Promise<number> {
  const rows = RUN_KINDS.flatMap((kind) =>
    (Object.keys(LOG_TEMPLATES[kind]) as LogPhase[]).flatMap((phase) =>
      LOG_TEMPLATES[kind][phase].map((message) => ({ kind, phase, message, level: LEVELS[phase] })),
    ),
  );
  const templates = table([
    ["kind", "text", rows.map((r) => r.kind)],
    ["phase", "text", rows.map((r) => r.phase)],
    ["level", "text", rows.map((r) => r.level)],
    ["message", "text", rows.map((r) => r.message)],
  ]);
  const result = await tx.execute(sql`
    WITH tpl AS (
      SELECT kind, phase, min(level) AS level, array_agg(message) AS pool FROM ${templates} GROUP BY kind, phase
    ),
    r AS (
      SELECT runs.id, runs.kind, runs.status, runs.started_at, p.slug,
        coalesce(runs.finished_at, ${now.toISOString()}::timestamptz) AS ended_at,
        runs.metadata, 5 + floor(random() * 36)::int AS lines,
        extract(epoch FROM runs.finished_at - runs.started_at)::int AS secs,
        (SELECT cardinality(pool) FROM tpl WHERE tpl.kind = runs.kind AND tpl.phase = 'step') AS steps
      FROM runs JOIN projects p ON p.id = runs.project_id
      WHERE runs.project_id = ANY(${sql.param(projectIds)}::uuid[]) AND runs.started_at IS NOT NULL
    ),
    -- The middle lines (all but the first, and the last unless still running) spread the
    -- kind's steps evenly: step_idx is the step a line belongs to, and the first line of
    -- each step names it; the rest are progress lines, the odd warning or transient error.
    m AS (SELECT r.*, r.lines - CASE WHEN r.status = 'running' THEN 1 ELSE 2 END AS middle FROM r),
    l AS (
      SELECT m.*, s.seq,
        floor((s.seq - 2) * m.steps / m.middle::float8)::int AS step_idx,
        CASE
          WHEN s.seq = 1 THEN 'start'
          WHEN s.seq = m.lines AND m.status = 'succeeded' THEN 'success'
          WHEN s.seq = m.lines AND m.status = 'failed' THEN 'failure'
          WHEN s.seq = m.lines AND m.status = 'cancelled' THEN 'cancel'
          WHEN s.seq = 2 OR floor((s.seq - 3) * m.steps / m.middle::float8) <> floor((s.seq - 2) * m.steps / m.middle::float8) THEN 'step'
          WHEN random() < 0.07 THEN 'warn'
          WHEN random() < 0.03 THEN 'error'
          ELSE 'progress'
        END AS phase,
        CASE WHEN s.seq = 1 THEN 0
             WHEN s.seq = m.lines AND m.status <> 'running' THEN 1
             ELSE (s.seq - 1 + random() * 0.8) / m.lines END AS frac
      FROM m CROSS JOIN LATERAL generate_series(1, m.lines) AS s(seq)
    )
    INSERT INTO run_logs (run_id, seq, ts, level, message)
    SELECT l.id, l.seq, l.started_at + (l.ended_at - l.started_at) * l.frac, t.level,
      replace(replace(replace(replace(replace(replace(replace(
        t.pool[1 + CASE WHEN l.phase = 'step' THEN l.step_idx ELSE floor(random() * cardinality(t.pool))::int END],
        '{sha}', left(l.metadata->>'commit', 7)),
        '{branch}', coalesce(l.metadata->>'branch', 'main')),
        '{env}', coalesce(l.metadata->>'environment', 'production')),
        '{slug}', l.slug),
        '{n}', (1 + floor(random() * 98))::text),
        '{ms}', (20 + floor(random() * 4980))::text),
        '{dur}', CASE WHEN l.secs >= 60 THEN (l.secs / 60) || 'm ' || (l.secs % 60) || 's' ELSE coalesce(l.secs, 0) || 's' END)
    FROM l JOIN tpl t ON t.kind = l.kind AND t.phase = l.phase
    ORDER BY l.id, l.seq -- appends to the primary key in order instead of scattering inserts
  `);
  return result.rowCount ?? 0;
}
