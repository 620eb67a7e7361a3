CREATE TABLE "bank_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"run_id" text NOT NULL,
	"msg_id" text NOT NULL,
	"format" text NOT NULL,
	"debtor_account_id" text NOT NULL,
	"currency" text NOT NULL,
	"count" integer NOT NULL,
	"total_minor" bigint NOT NULL,
	"status" text NOT NULL,
	"xml" text,
	"outcome" jsonb,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "debtor_accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"name" text NOT NULL,
	"holder_name" text NOT NULL,
	"bank_name" text NOT NULL,
	"account_enc" text NOT NULL,
	"account_last4" text NOT NULL,
	"cnaps" text,
	"bic" text,
	"currency" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payees" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" text NOT NULL,
	"holder_name" text NOT NULL,
	"bank_name" text NOT NULL,
	"account_enc" text NOT NULL,
	"account_last4" text NOT NULL,
	"cnaps" text,
	"bic" text,
	"currency" text NOT NULL,
	"source" text NOT NULL,
	"hold_until" timestamp with time zone,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"status" text NOT NULL,
	"preparer_id" text NOT NULL,
	"items" jsonb NOT NULL,
	"request_id" text,
	"approval_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"run_id" text NOT NULL,
	"payable_id" text NOT NULL,
	"payee_id" text NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"end_to_end_id" text NOT NULL,
	"msg_id" text NOT NULL,
	"pmt_inf_id" text NOT NULL,
	"status" text NOT NULL,
	"reason_code" text,
	"reason_text" text,
	"retry_of" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payments_positive" CHECK ("payments"."amount_minor" > 0)
);
--> statement-breakpoint
ALTER TABLE "payables" ADD COLUMN "run_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "bank_messages_msg_uq" ON "bank_messages" USING btree ("org_id","msg_id");--> statement-breakpoint
CREATE INDEX "bank_messages_run_idx" ON "bank_messages" USING btree ("org_id","run_id");--> statement-breakpoint
CREATE INDEX "debtor_accounts_org_idx" ON "debtor_accounts" USING btree ("org_id","currency");--> statement-breakpoint
CREATE UNIQUE INDEX "payees_active_owner_uq" ON "payees" USING btree ("org_id","owner_type","owner_id") WHERE "payees"."status" = 'active';--> statement-breakpoint
CREATE INDEX "payment_runs_org_idx" ON "payment_runs" USING btree ("org_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_runs_request_uq" ON "payment_runs" USING btree ("org_id","request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_e2e_uq" ON "payments" USING btree ("org_id","end_to_end_id");--> statement-breakpoint
CREATE INDEX "payments_run_idx" ON "payments" USING btree ("org_id","run_id");--> statement-breakpoint
CREATE INDEX "payments_owner_idx" ON "payments" USING btree ("org_id","owner_type","owner_id");