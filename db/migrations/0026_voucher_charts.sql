CREATE TABLE "voucher_charts" (
	"org_id" text PRIMARY KEY NOT NULL,
	"chart" jsonb NOT NULL,
	"version" integer NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
