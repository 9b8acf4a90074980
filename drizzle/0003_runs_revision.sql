ALTER TABLE "projects" ADD COLUMN "runs_revision" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Every statement that writes runs bumps the revision of each project it touched, in the
-- writer's transaction: the row lock serializes bumps per project, so a revision a reader
-- sees never goes back and always covers what it can see. Rows are locked in id order so
-- two multi-project statements cannot deadlock, and FOR NO KEY UPDATE (what an UPDATE of a
-- non-key column takes anyway) coexists with the FOR KEY SHARE lock the runs foreign key
-- already holds: FOR UPDATE would deadlock two concurrent inserts into one project. A bulk loader may set
-- `opsdeck.bulk_runs = on` for its own transaction and bump the revisions once at the end.
CREATE FUNCTION runs_bump_project_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('opsdeck.bulk_runs', true), '') = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    WITH touched AS (SELECT id FROM projects WHERE id IN (SELECT project_id FROM new_rows) ORDER BY id FOR NO KEY UPDATE)
    UPDATE projects p SET runs_revision = p.runs_revision + 1 FROM touched WHERE p.id = touched.id;
  ELSIF TG_OP = 'UPDATE' THEN
    WITH touched AS (
      SELECT id FROM projects WHERE id IN (SELECT project_id FROM new_rows UNION SELECT project_id FROM old_rows) ORDER BY id FOR NO KEY UPDATE
    )
    UPDATE projects p SET runs_revision = p.runs_revision + 1 FROM touched WHERE p.id = touched.id;
  ELSE
    WITH touched AS (SELECT id FROM projects WHERE id IN (SELECT project_id FROM old_rows) ORDER BY id FOR NO KEY UPDATE)
    UPDATE projects p SET runs_revision = p.runs_revision + 1 FROM touched WHERE p.id = touched.id;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER runs_revision_insert AFTER INSERT ON runs REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION runs_bump_project_revision();--> statement-breakpoint
CREATE TRIGGER runs_revision_update AFTER UPDATE ON runs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION runs_bump_project_revision();--> statement-breakpoint
CREATE TRIGGER runs_revision_delete AFTER DELETE ON runs REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION runs_bump_project_revision();
