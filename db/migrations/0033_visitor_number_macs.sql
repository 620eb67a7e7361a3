ALTER TABLE "visitors" ADD COLUMN "mobile_mac" text;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "id_mac" text;