CREATE TABLE "visit_claims" (
	"org_id" text NOT NULL,
	"visit_id" text NOT NULL,
	"reimbursement_id" text NOT NULL,
	"visit_request_id" text NOT NULL,
	"status" text NOT NULL,
	"attributed_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"actual" jsonb NOT NULL,
	"pieces" jsonb NOT NULL,
	"invoice_ids" text[] NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "visit_claims_org_id_visit_id_reimbursement_id_pk" PRIMARY KEY("org_id","visit_id","reimbursement_id")
);
--> statement-breakpoint
CREATE TABLE "visit_ledger_facts" (
	"org_id" text NOT NULL,
	"visit_id" text NOT NULL,
	"visitor_count" integer NOT NULL,
	"companies" text[] NOT NULL,
	"checked_in_count" integer NOT NULL,
	"first_in_at" timestamp with time zone,
	"last_out_at" timestamp with time zone,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "visit_ledger_facts_org_id_visit_id_pk" PRIMARY KEY("org_id","visit_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "visit_claims_live_uq" ON "visit_claims" USING btree ("org_id","visit_id") WHERE "visit_claims"."status" <> 'unlinked';--> statement-breakpoint
CREATE INDEX "visit_claims_reimbursement_idx" ON "visit_claims" USING btree ("org_id","reimbursement_id");