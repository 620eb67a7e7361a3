CREATE TABLE "chat_receipts" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"source_key" text NOT NULL,
	"employee_id" text NOT NULL,
	"status" text NOT NULL,
	"line_id" text,
	"receipt_id" text,
	"storage_key" text,
	"content_type" text,
	"filename" text,
	"read_by" text NOT NULL,
	"invoice" jsonb,
	"refusal" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "chat_receipts_source_uq" ON "chat_receipts" USING btree ("org_id","source_key");--> statement-breakpoint
CREATE INDEX "chat_receipts_employee_idx" ON "chat_receipts" USING btree ("org_id","employee_id");