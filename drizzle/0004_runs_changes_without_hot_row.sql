CREATE TABLE "run_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE INDEX "run_changes_project_idx" ON "run_changes" USING btree ("project_id");--> statement-breakpoint
-- Run writes no longer lock their project's row. drizzle/0003 bumped projects.runs_revision
-- from this trigger: every PATCH and POST of a project's runs then queued on one row lock
-- held to commit, and under concurrent state moves and creates PostgreSQL found deadlocks
-- ("while locking updated version of tuple in relation projects"); the row also gathered a
-- dead version per write. Now each writing statement appends one row per touched project
-- to run_changes, which no two writers share. The runs list's validator is
-- runs_revision + the project's pending rows, read in one statement; fold_run_changes moves
-- pending rows into runs_revision in one statement, so every reader sees the same sum
-- before and after, and the sum grows with every committed write and never goes back.
CREATE OR REPLACE FUNCTION runs_bump_project_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('opsdeck.bulk_runs', true), '') = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO run_changes (project_id) SELECT DISTINCT project_id FROM new_rows;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO run_changes (project_id) SELECT project_id FROM new_rows UNION SELECT project_id FROM old_rows;
  ELSE
    INSERT INTO run_changes (project_id) SELECT DISTINCT project_id FROM old_rows;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
-- Folds up to max_rows pending changes (oldest first, skipping rows another fold holds).
-- Rows of deleted projects are dropped. Returns how many rows were folded.
CREATE FUNCTION fold_run_changes(max_rows integer) RETURNS integer LANGUAGE sql AS $$
  WITH folded AS (
    DELETE FROM run_changes WHERE id IN (SELECT id FROM run_changes ORDER BY id LIMIT max_rows FOR UPDATE SKIP LOCKED)
    RETURNING project_id
  ), counts AS (
    SELECT project_id, count(*) AS n FROM folded GROUP BY project_id
  ), bumped AS (
    -- A data-modifying WITH runs to completion whether or not the query reads it.
    UPDATE projects p SET runs_revision = p.runs_revision + c.n FROM counts c WHERE p.id = c.project_id
  )
  SELECT count(*)::integer FROM folded;
$$;
