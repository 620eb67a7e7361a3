CREATE TABLE "bank_statements" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"debtor_account_id" text NOT NULL,
	"kind" text NOT NULL,
	"version" text NOT NULL,
	"message_id" text NOT NULL,
	"statement_id" text NOT NULL,
	"electronic_seq" integer,
	"legal_seq" integer,
	"header" jsonb NOT NULL,
	"entries" integer NOT NULL,
	"checks" jsonb NOT NULL,
	"file_name" text NOT NULL,
	"imported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "bank_statements_uq" ON "bank_statements" USING btree ("org_id","debtor_account_id","kind","statement_id");--> statement-breakpoint
CREATE INDEX "bank_statements_account_idx" ON "bank_statements" USING btree ("org_id","debtor_account_id","imported_at");