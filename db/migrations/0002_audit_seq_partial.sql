DROP INDEX "audit_log_org_seq_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_org_seq_uq" ON "audit_log" USING btree ("org_id","seq") WHERE "audit_log"."seq" IS NOT NULL;