CREATE TABLE "payee_drafts" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"employee_id" text NOT NULL,
	"channel" text NOT NULL,
	"chat_id" text NOT NULL,
	"locale" text NOT NULL,
	"holder_name" text NOT NULL,
	"bank_name" text NOT NULL,
	"account_enc" text NOT NULL,
	"account_last4" text NOT NULL,
	"cnaps" text,
	"bic" text,
	"currency" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payables" ADD COLUMN "awaiting_payee_since" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "payee_drafts_employee_idx" ON "payee_drafts" USING btree ("org_id","employee_id");--> statement-breakpoint
CREATE INDEX "payee_drafts_expires_idx" ON "payee_drafts" USING btree ("expires_at");