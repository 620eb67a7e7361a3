ALTER TABLE "outbox" ADD COLUMN "trace_parent" text;--> statement-breakpoint
CREATE INDEX "outbox_dead_topic_idx" ON "outbox" USING btree ("topic") WHERE "outbox"."status" = 'dead';