CREATE TABLE "run_duration_rollups" (
	"project_id" uuid NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"bin" smallint NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "run_duration_rollups_pkey" PRIMARY KEY("project_id","bucket","bin")
);
--> statement-breakpoint
CREATE TABLE "run_rollup_deltas" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"status" "run_status" NOT NULL,
	"duration_bin" smallint,
	"n" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_rollup_totals" (
	"project_id" uuid NOT NULL,
	"status" "run_status" NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "run_rollup_totals_pkey" PRIMARY KEY("project_id","status")
);
--> statement-breakpoint
CREATE TABLE "run_rollups" (
	"project_id" uuid NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"status" "run_status" NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "run_rollups_pkey" PRIMARY KEY("project_id","bucket","status")
);
--> statement-breakpoint
ALTER TABLE "run_duration_rollups" ADD CONSTRAINT "run_duration_rollups_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_rollup_totals" ADD CONSTRAINT "run_rollup_totals_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_rollups" ADD CONSTRAINT "run_rollups_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "run_rollups_bucket_idx" ON "run_rollups" USING btree ("bucket");--> statement-breakpoint
-- Dashboards read these rollups instead of recounting runs (lib/runs/rollups.ts). Run
-- writes never update a shared row (drizzle/0004 took the last one off the write path):
-- each statement that writes runs appends its net counts per (project, creation hour,
-- status, duration bin) to run_rollup_deltas from this statement-level trigger, inserts
-- only. fold_run_rollup_deltas, run by one locked job, moves them into the rollups in one
-- statement, so a reader that adds rollups and pending deltas in one snapshot sees the
-- same exact figure before and after a fold.
--
-- Durations are binned 16 per octave of milliseconds: bin b holds [2^(b/16), 2^((b+1)/16)) ms.
CREATE FUNCTION run_duration_bin(started_at timestamptz, finished_at timestamptz) RETURNS smallint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN started_at IS NULL OR finished_at IS NULL THEN NULL
    ELSE floor(16 * ln(greatest(1.0, extract(epoch FROM finished_at - started_at)::float8 * 1000)) / ln(2.0))::smallint END
$$;--> statement-breakpoint
CREATE FUNCTION runs_rollup_deltas() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO run_rollup_deltas (project_id, bucket, status, duration_bin, n)
    SELECT project_id, date_trunc('hour', created_at, 'UTC'), status, run_duration_bin(started_at, finished_at), count(*)
    FROM new_rows GROUP BY 1, 2, 3, 4;
  ELSIF TG_OP = 'UPDATE' THEN
    -- Old rows out, new rows in; an update that moves nothing (a rename, a cancel request)
    -- nets to zero and appends nothing.
    INSERT INTO run_rollup_deltas (project_id, bucket, status, duration_bin, n)
    SELECT project_id, bucket, status, duration_bin, sum(n) FROM (
      SELECT project_id, date_trunc('hour', created_at, 'UTC') AS bucket, status, run_duration_bin(started_at, finished_at) AS duration_bin, 1 AS n FROM new_rows
      UNION ALL
      SELECT project_id, date_trunc('hour', created_at, 'UTC'), status, run_duration_bin(started_at, finished_at), -1 FROM old_rows
    ) moved
    GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0;
  ELSE
    INSERT INTO run_rollup_deltas (project_id, bucket, status, duration_bin, n)
    SELECT project_id, date_trunc('hour', created_at, 'UTC'), status, run_duration_bin(started_at, finished_at), -count(*)
    FROM old_rows GROUP BY 1, 2, 3, 4;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER runs_rollup_insert AFTER INSERT ON runs REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION runs_rollup_deltas();--> statement-breakpoint
CREATE TRIGGER runs_rollup_update AFTER UPDATE ON runs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION runs_rollup_deltas();--> statement-breakpoint
CREATE TRIGGER runs_rollup_delete AFTER DELETE ON runs REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION runs_rollup_deltas();--> statement-breakpoint
-- TRUNCATE has no transition table: it empties the rollups with the runs.
CREATE FUNCTION runs_rollup_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM run_rollup_deltas;
  DELETE FROM run_rollups;
  DELETE FROM run_rollup_totals;
  DELETE FROM run_duration_rollups;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER runs_rollup_truncate AFTER TRUNCATE ON runs FOR EACH STATEMENT EXECUTE FUNCTION runs_rollup_truncate();--> statement-breakpoint
-- Folds up to max_rows pending deltas (oldest first, skipping rows another fold holds) in
-- one statement; deltas of deleted projects are dropped (their rollups went with them).
-- Returns how many delta rows were folded.
CREATE FUNCTION fold_run_rollup_deltas(max_rows integer) RETURNS integer LANGUAGE sql AS $$
  WITH taken AS (
    DELETE FROM run_rollup_deltas WHERE id IN (SELECT id FROM run_rollup_deltas ORDER BY id LIMIT max_rows FOR UPDATE SKIP LOCKED)
    RETURNING project_id, bucket, status, duration_bin, n
  ), live AS (
    SELECT t.* FROM taken t WHERE EXISTS (SELECT 1 FROM projects p WHERE p.id = t.project_id)
  ), by_status AS (
    INSERT INTO run_rollups AS r (project_id, bucket, status, n)
    SELECT project_id, bucket, status, sum(n) FROM live GROUP BY 1, 2, 3 HAVING sum(n) <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT (project_id, bucket, status) DO UPDATE SET n = r.n + excluded.n
  ), totals AS (
    INSERT INTO run_rollup_totals AS r (project_id, status, n)
    SELECT project_id, status, sum(n) FROM live GROUP BY 1, 2 HAVING sum(n) <> 0
    ORDER BY 1, 2
    ON CONFLICT (project_id, status) DO UPDATE SET n = r.n + excluded.n
  ), durations AS (
    INSERT INTO run_duration_rollups AS r (project_id, bucket, bin, n)
    SELECT project_id, bucket, duration_bin, sum(n) FROM live WHERE duration_bin IS NOT NULL GROUP BY 1, 2, 3 HAVING sum(n) <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT (project_id, bucket, bin) DO UPDATE SET n = r.n + excluded.n
  )
  SELECT count(*)::integer FROM taken;
$$;--> statement-breakpoint
-- Backfill from the runs already there (the trigger above covers every write after this
-- migration's transaction).
INSERT INTO run_rollups (project_id, bucket, status, n)
SELECT project_id, date_trunc('hour', created_at, 'UTC'), status, count(*) FROM runs GROUP BY 1, 2, 3;--> statement-breakpoint
INSERT INTO run_rollup_totals (project_id, status, n)
SELECT project_id, status, sum(n) FROM run_rollups GROUP BY 1, 2;--> statement-breakpoint
INSERT INTO run_duration_rollups (project_id, bucket, bin, n)
SELECT project_id, date_trunc('hour', created_at, 'UTC'), run_duration_bin(started_at, finished_at), count(*)
FROM runs WHERE started_at IS NOT NULL AND finished_at IS NOT NULL GROUP BY 1, 2, 3;
