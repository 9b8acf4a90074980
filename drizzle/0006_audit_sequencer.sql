-- The audit chain off the write path (scale-out issue): a mutation inserts its event
-- "pending" (seq, prev_hash and hash null) inside its own transaction, without a lock; the
-- sequencer (lib/audit/sequencer.ts, one at a time under the chain's advisory lock) gives
-- pending events their seq, prev_hash and hash in batches. `id` is the insertion order the
-- sequencer follows; seq stays unique and gapless once assigned.
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_pkey";--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_seq_unique" UNIQUE("seq");--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "seq" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "prev_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "id" bigserial PRIMARY KEY NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_chained_together"
  CHECK ((seq IS NULL) = (hash IS NULL) AND (seq IS NULL) = (prev_hash IS NULL));--> statement-breakpoint
CREATE INDEX "audit_events_pending_idx" ON "audit_events" USING btree ("id") WHERE seq IS NULL;--> statement-breakpoint
-- Still append-only: the one UPDATE that passes is the sequencer's, which fills the three
-- chain columns of a pending event and changes nothing else. A sequenced event never
-- changes; DELETE passes only for audit_prune()'s checkpointed rows, as before.
CREATE OR REPLACE FUNCTION audit_events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND NEW.seq IS NOT NULL
     AND (to_jsonb(NEW) - 'seq' - 'prev_hash' - 'hash') = (to_jsonb(OLD) - 'seq' - 'prev_hash' - 'hash') THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' AND OLD.seq IS NOT NULL AND EXISTS (
    SELECT 1 FROM audit_checkpoints c WHERE c.created_at = now() AND c.last_removed_seq >= OLD.seq
  ) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only (% rejected)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
