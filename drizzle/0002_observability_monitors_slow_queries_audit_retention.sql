CREATE TYPE "public"."monitor_status" AS ENUM('pending', 'up', 'down');--> statement-breakpoint
CREATE TABLE "audit_checkpoints" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_removed_seq" bigint NOT NULL,
	"last_removed_hash" text NOT NULL,
	"removed_count" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "background_jobs" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text,
	"last_started_at" timestamp with time zone,
	"last_finished_at" timestamp with time zone,
	"last_status" text,
	"last_error" text,
	"run_count" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitor_checks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"monitor_id" uuid NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ok" boolean NOT NULL,
	"status_code" integer,
	"latency_ms" integer,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "monitor_incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"monitor_id" uuid NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"cause" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"method" text DEFAULT 'GET' NOT NULL,
	"interval_seconds" integer DEFAULT 60 NOT NULL,
	"timeout_ms" integer DEFAULT 5000 NOT NULL,
	"expected_status" integer DEFAULT 200 NOT NULL,
	"keyword" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"status" "monitor_status" DEFAULT 'pending' NOT NULL,
	"status_since" timestamp with time zone DEFAULT now() NOT NULL,
	"last_checked_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_metrics" (
	"resolution" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"instance_id" text NOT NULL,
	"route" text NOT NULL,
	"method" text NOT NULL,
	"status_class" text NOT NULL,
	"count" bigint NOT NULL,
	"sum_seconds" double precision NOT NULL,
	"buckets" bigint[] NOT NULL,
	CONSTRAINT "request_metrics_pkey" PRIMARY KEY("resolution","bucket_start","instance_id","route","method","status_class")
);
--> statement-breakpoint
CREATE TABLE "slow_query_minutes" (
	"bucket_start" timestamp with time zone NOT NULL,
	"fingerprint" text NOT NULL,
	"route" text NOT NULL,
	"calls" bigint NOT NULL,
	"total_ms" double precision NOT NULL,
	"max_ms" double precision NOT NULL,
	"buckets" bigint[] NOT NULL,
	CONSTRAINT "slow_query_minutes_pkey" PRIMARY KEY("bucket_start","fingerprint","route")
);
--> statement-breakpoint
CREATE TABLE "slow_query_samples" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"fingerprint" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"duration_ms" double precision NOT NULL,
	"route" text NOT NULL,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "slow_query_texts" (
	"fingerprint" text PRIMARY KEY NOT NULL,
	"query" text NOT NULL,
	"first_seen" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "monitor_checks" ADD CONSTRAINT "monitor_checks_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_incidents" ADD CONSTRAINT "monitor_incidents_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitors" ADD CONSTRAINT "monitors_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "monitor_checks_monitor_idx" ON "monitor_checks" USING btree ("monitor_id","checked_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "monitor_incidents_monitor_idx" ON "monitor_incidents" USING btree ("monitor_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "monitors_name_key" ON "monitors" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "request_metrics_route_idx" ON "request_metrics" USING btree ("route","bucket_start");--> statement-breakpoint
CREATE INDEX "slow_query_minutes_fp_idx" ON "slow_query_minutes" USING btree ("fingerprint","bucket_start");--> statement-breakpoint
CREATE INDEX "slow_query_minutes_route_idx" ON "slow_query_minutes" USING btree ("route","bucket_start");--> statement-breakpoint
CREATE INDEX "slow_query_samples_fp_idx" ON "slow_query_samples" USING btree ("fingerprint","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "slow_query_samples_request_idx" ON "slow_query_samples" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "slow_query_samples_occurred_idx" ON "slow_query_samples" USING btree ("occurred_at");--> statement-breakpoint
-- Audit retention: events leave the table only through audit_prune(), which first records
-- a checkpoint (last removed seq and hash) in the same transaction. The append-only trigger
-- lets a DELETE through only for rows covered by a checkpoint written in the current
-- transaction (created_at = now() is the transaction's start time); UPDATE never passes.
CREATE OR REPLACE FUNCTION audit_events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND EXISTS (
    SELECT 1 FROM audit_checkpoints c WHERE c.created_at = now() AND c.last_removed_seq >= OLD.seq
  ) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only (% rejected)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE FUNCTION audit_checkpoints_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_checkpoints is append-only (% rejected)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_reject_change();--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_reject_change();--> statement-breakpoint
-- Removes the events older than `cutoff` (always keeping the newest event, so the chain has
-- a head to extend), after writing the checkpoint. Serialized with writers by the chain's
-- advisory lock (lib/db/locks.ts auditChain). Returns the number of events removed.
CREATE FUNCTION audit_prune(cutoff timestamptz, chain_lock bigint) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
  head_seq bigint;
  removed bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(chain_lock);
  SELECT max(seq) INTO head_seq FROM audit_events;
  IF head_seq IS NULL THEN RETURN 0; END IF;
  SELECT seq, hash INTO last_seq, last_hash FROM audit_events
    WHERE occurred_at < cutoff AND seq < head_seq ORDER BY seq DESC LIMIT 1;
  IF last_seq IS NULL THEN RETURN 0; END IF;
  SELECT count(*) INTO removed FROM audit_events WHERE seq <= last_seq;
  INSERT INTO audit_checkpoints (last_removed_seq, last_removed_hash, removed_count)
    VALUES (last_seq, last_hash, removed);
  DELETE FROM audit_events WHERE seq <= last_seq;
  RETURN removed;
END;
$$;
