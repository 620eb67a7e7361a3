CREATE TABLE "payment_receipts" (
	"org_id" text NOT NULL,
	"payment_id" text NOT NULL,
	"end_to_end_id" text NOT NULL,
	"storage_key" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payment_receipts_org_id_payment_id_pk" PRIMARY KEY("org_id","payment_id")
);
--> statement-breakpoint
ALTER TABLE "payables" ADD COLUMN "due_on" date;--> statement-breakpoint
CREATE INDEX "payables_open_due_idx" ON "payables" USING btree ("org_id","due_on") WHERE "payables"."status" = 'open';