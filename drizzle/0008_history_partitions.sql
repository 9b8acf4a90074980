-- History tables partitioned by time (scale-out issue, deliverable 4): request_metrics and
-- slow_query_minutes by day on bucket_start, monitor_checks by week on checked_at, run_logs by
-- week on ts. Retention then detaches and drops whole partitions instead of DELETE-ing rows
-- (lib/history/partitions.ts); a locked job keeps partitions created ahead (lib/history/jobs.ts).
-- Partitions are named <table>_pYYYYMMDD after their UTC lower bound; <table>_default takes
-- rows no partition covers (a client's run-log ts years away, a clock far off), so an insert
-- never fails for want of a partition.
--
-- Existing rows are converted without loss: each table is renamed aside, a partitioned
-- parent takes its name, partitions cover its rows (at most `cap` back; older rows go to the
-- default partition), the rows are copied, keys and indexes are rebuilt on the parent (a key
-- must hold the partition key: run_logs (run_id, seq, ts), monitor_checks (id, checked_at);
-- the two per-minute tables' keys already start with bucket_start, so their ON CONFLICT
-- upserts stay as they are), and the old table is dropped.

-- Creates the missing partitions of `parent` covering [lo, hi) in `period` steps ('day' or
-- 'week', UTC-aligned). Rows of the range already in the default partition move into the new
-- partition before it is attached, so a late partition never fails on them. Returns how
-- many were created; existing ones are left alone (idempotent).
CREATE FUNCTION history_partition_ensure(parent text, period text, lo timestamptz, hi timestamptz) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  step interval := CASE period WHEN 'day' THEN interval '24 hours' WHEN 'week' THEN interval '168 hours' END;
  key text;
  bound timestamptz;
  part text;
  def regclass := to_regclass(parent || '_default');
  created integer := 0;
BEGIN
  IF step IS NULL THEN RAISE EXCEPTION 'unknown partition period %', period; END IF;
  SELECT a.attname INTO STRICT key FROM pg_partitioned_table p
    JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
    WHERE p.partrelid = parent::regclass;
  bound := date_trunc(period, lo, 'UTC');
  WHILE bound < hi LOOP
    part := parent || '_p' || to_char(bound AT TIME ZONE 'UTC', 'YYYYMMDD');
    IF to_regclass(part) IS NULL THEN
      EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part, parent);
      IF def IS NOT NULL THEN
        EXECUTE format('WITH moved AS (DELETE FROM %s WHERE %I >= $1 AND %I < $2 RETURNING *) INSERT INTO %I SELECT * FROM moved', def, key, key, part)
          USING bound, bound + step;
      END IF;
      EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, part, bound, bound + step);
      created := created + 1;
    END IF;
    bound := bound + step;
  END LOOP;
  RETURN created;
END $$;
--> statement-breakpoint

-- Detaches every partition of `parent` whose upper bound is at or before `cutoff` and
-- returns their names, with any detached earlier but not yet dropped (a crash in between).
-- The caller drops them in their own transactions: a DROP frees the files at commit, which
-- takes time in proportion to their size, and the parent's exclusive lock is then long gone.
-- A partition straddling the cutoff is kept whole until it is all past it, so rows live at
-- least the retention and at most one period longer.
CREATE FUNCTION history_partition_detach_before(parent text, cutoff timestamptz) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT c.relname, (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']+)''\)'))[1]::timestamptz AS upper
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = parent::regclass
  LOOP
    IF r.upper IS NOT NULL AND r.upper <= cutoff THEN
      EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', parent, r.relname);
    END IF;
  END LOOP;
  RETURN QUERY SELECT c.relname::text FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND NOT c.relispartition
      AND c.relname ~ ('^' || parent || '_p[0-9]{8}$')
    ORDER BY 1;
END $$;
--> statement-breakpoint

-- Turns `tbl` into a table partitioned on `key` with the same columns, defaults and rows: a
-- default partition, and partitions from its oldest row (but not before now() - cap, nor
-- after now() - keep) to now() + ahead. Keys, indexes and foreign keys are added by the
-- caller afterwards (built once over the copied rows rather than maintained row by row).
CREATE FUNCTION history_partition_convert(tbl text, key text, period text, keep interval, cap interval, ahead interval) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  old text := tbl || '_unpartitioned';
  idx record;
  oldest timestamptz;
  copied bigint;
BEGIN
  EXECUTE format('ALTER TABLE %I RENAME TO %I', tbl, old);
  -- Index (and so primary key) names are schema-wide: free them for the parent's.
  FOR idx IN SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = old::regclass LOOP
    EXECUTE format('ALTER INDEX %I RENAME TO %I', idx.relname, left(idx.relname, 50) || '_unpartitioned');
  END LOOP;
  EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (%I)', tbl, old, key);
  EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', tbl || '_default', tbl);
  EXECUTE format('SELECT min(%I) FROM %I', key, old) INTO oldest;
  PERFORM history_partition_ensure(tbl, period, greatest(least(coalesce(oldest, now()), now() - keep), now() - cap), now() + ahead);
  EXECUTE format('INSERT INTO %I SELECT * FROM %I', tbl, old);
  GET DIAGNOSTICS copied = ROW_COUNT;
  EXECUTE format('DROP TABLE %I', old);
  RETURN copied;
END $$;
--> statement-breakpoint

SELECT history_partition_convert('request_metrics', 'bucket_start', 'day', interval '30 days', interval '400 days', interval '8 days');--> statement-breakpoint
ALTER TABLE "request_metrics" ADD CONSTRAINT "request_metrics_pkey" PRIMARY KEY("resolution","bucket_start","instance_id","route","method","status_class");--> statement-breakpoint
CREATE INDEX "request_metrics_route_idx" ON "request_metrics" USING btree ("route","bucket_start");--> statement-breakpoint

SELECT history_partition_convert('slow_query_minutes', 'bucket_start', 'day', interval '30 days', interval '400 days', interval '8 days');--> statement-breakpoint
ALTER TABLE "slow_query_minutes" ADD CONSTRAINT "slow_query_minutes_pkey" PRIMARY KEY("bucket_start","fingerprint","route");--> statement-breakpoint
CREATE INDEX "slow_query_minutes_fp_idx" ON "slow_query_minutes" USING btree ("fingerprint","bucket_start");--> statement-breakpoint
CREATE INDEX "slow_query_minutes_route_idx" ON "slow_query_minutes" USING btree ("route","bucket_start");--> statement-breakpoint

-- The id sequence outlives the old table (it would be dropped with its owner).
ALTER SEQUENCE "monitor_checks_id_seq" OWNED BY NONE;--> statement-breakpoint
SELECT history_partition_convert('monitor_checks', 'checked_at', 'week', interval '30 days', interval '1100 days', interval '35 days');--> statement-breakpoint
ALTER SEQUENCE "monitor_checks_id_seq" OWNED BY "monitor_checks"."id";--> statement-breakpoint
ALTER TABLE "monitor_checks" ADD CONSTRAINT "monitor_checks_pkey" PRIMARY KEY("id","checked_at");--> statement-breakpoint
CREATE INDEX "monitor_checks_monitor_idx" ON "monitor_checks" USING btree ("monitor_id","checked_at" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "monitor_checks" ADD CONSTRAINT "monitor_checks_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint

SELECT history_partition_convert('run_logs', 'ts', 'week', interval '56 days', interval '1100 days', interval '35 days');--> statement-breakpoint
ALTER TABLE "run_logs" ADD CONSTRAINT "run_logs_pkey" PRIMARY KEY("run_id","seq","ts");--> statement-breakpoint
ALTER TABLE "run_logs" ADD CONSTRAINT "run_logs_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The conversion is done once; ensure and detach stay for lib/history.
DROP FUNCTION history_partition_convert(text, text, text, interval, interval, interval);
