CREATE TABLE "bank_statement_lines" (
	"org_id" text NOT NULL,
	"statement_id" text NOT NULL,
	"ref" text NOT NULL,
	"entry_index" integer NOT NULL,
	"tx_index" integer NOT NULL,
	"amount_minor" bigint,
	"currency" text,
	"credit_debit" text NOT NULL,
	"booked" boolean NOT NULL,
	"date" text,
	"end_to_end_id" text,
	"counterparty_name" text,
	"counterparty_last4" text,
	"texts" jsonb NOT NULL,
	"return_reason" text,
	"state" text NOT NULL,
	"payment_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"rule" text,
	"decided_by" text,
	"reason" text,
	"decided_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "bank_statement_lines_org_id_statement_id_ref_pk" PRIMARY KEY("org_id","statement_id","ref")
);
--> statement-breakpoint
CREATE INDEX "bank_statement_lines_state_idx" ON "bank_statement_lines" USING btree ("org_id","state");