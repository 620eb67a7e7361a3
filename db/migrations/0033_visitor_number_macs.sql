ALTER TABLE "visitors" ADD COLUMN "mobile_mac" text;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "id_mac" text;--> statement-breakpoint
CREATE INDEX "watchlist_name_idx" ON "watchlist" USING btree ("org_id",lower(btrim("name")));