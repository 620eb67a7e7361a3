CREATE TABLE "sites" (
	"org_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"rules" jsonb NOT NULL,
	"desk_ids" text[] NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sites_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "visitors" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"visit_id" text NOT NULL,
	"name" text NOT NULL,
	"company" text,
	"title" text,
	"mobile_enc" text,
	"mobile_last4" text,
	"id_number_enc" text,
	"id_last4" text,
	"invitation_id" text,
	"checked_in_at" timestamp with time zone,
	"checked_out_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"request_id" text NOT NULL,
	"host_id" text NOT NULL,
	"companions" text[] NOT NULL,
	"site_id" text NOT NULL,
	"level" text NOT NULL,
	"purpose" text NOT NULL,
	"company" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"resources" jsonb NOT NULL,
	"estimate" jsonb NOT NULL,
	"estimate_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "visitors_visit_idx" ON "visitors" USING btree ("org_id","visit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "visitors_invitation_uq" ON "visitors" USING btree ("invitation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "visits_request_uq" ON "visits" USING btree ("org_id","request_id");--> statement-breakpoint
CREATE INDEX "visits_window_idx" ON "visits" USING btree ("org_id","starts_at");