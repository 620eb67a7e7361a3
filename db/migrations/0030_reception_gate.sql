CREATE TABLE "watchlist" (
	"org_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text,
	"company" text,
	"mobile_mac" text,
	"mobile_last4" text,
	"id_mac" text,
	"id_last4" text,
	"reason" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "watchlist_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "invited_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "invite_ref" text;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "invite_error" text;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "checked_in_by" text;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "checked_out_by" text;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "check_out_closed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "no_show" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "purged_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "watchlist_mobile_idx" ON "watchlist" USING btree ("org_id","mobile_mac");--> statement-breakpoint
CREATE INDEX "watchlist_id_idx" ON "watchlist" USING btree ("org_id","id_mac");