CREATE TABLE "digests" (
	"org_id" text NOT NULL,
	"day" text NOT NULL,
	"view" jsonb NOT NULL,
	"recipients" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "digests_org_id_day_pk" PRIMARY KEY("org_id","day")
);
