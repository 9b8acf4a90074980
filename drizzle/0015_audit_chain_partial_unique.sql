-- Every mutation inserts a pending audit event (seq, prev_hash, hash null); the three chain
-- columns' plain unique constraints still indexed those NULLs, three index entries per event
-- that no lookup uses. Partial unique indexes keep the guarantee for sequenced events (NULLs
-- never conflicted) and skip pending ones. Every query on seq states seq IS NOT NULL or a
-- comparison implying it, so the partial indexes serve it (tests/api-audit.test.ts EXPLAINs).
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_seq_unique";--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_prev_hash_unique";--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_hash_unique";--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_seq_idx" ON "audit_events" USING btree ("seq") WHERE seq IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_prev_hash_idx" ON "audit_events" USING btree ("prev_hash") WHERE prev_hash IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_hash_idx" ON "audit_events" USING btree ("hash") WHERE hash IS NOT NULL;