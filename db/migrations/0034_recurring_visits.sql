DROP INDEX "visits_request_uq";--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "series_id" text;--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "occurrence" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "visits_request_occurrence_uq" ON "visits" USING btree ("org_id","request_id","occurrence");