CREATE TABLE "advance_movements" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"advance_id" text NOT NULL,
	"kind" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"ref_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "advances" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"employee_id" text NOT NULL,
	"application_id" text,
	"amount_minor" bigint NOT NULL,
	"outstanding_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "advances_outstanding_range" CHECK ("advances"."outstanding_minor" >= 0 AND "advances"."outstanding_minor" <= "advances"."amount_minor")
);
--> statement-breakpoint
CREATE TABLE "card_imports" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"provider" text NOT NULL,
	"source" text NOT NULL,
	"rows" integer NOT NULL,
	"accepted" integer NOT NULL,
	"duplicates" integer NOT NULL,
	"matched" integer NOT NULL,
	"drafted" integer NOT NULL,
	"errors" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "card_transactions" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"provider" text NOT NULL,
	"external_id" text NOT NULL,
	"import_id" text NOT NULL,
	"employee_id" text,
	"card_last4" text,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"txn_date" text NOT NULL,
	"posted_date" text NOT NULL,
	"merchant" text NOT NULL,
	"mcc" text,
	"status" text NOT NULL,
	"line_id" text,
	"match_score" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "expense_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"employee_id" text NOT NULL,
	"department_id" text NOT NULL,
	"category" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"date" text NOT NULL,
	"merchant" text,
	"description" text,
	"application_id" text,
	"source" text NOT NULL,
	"source_ref" text,
	"paid_by" text NOT NULL,
	"status" text NOT NULL,
	"reimbursement_id" text,
	"invoice_id" text,
	"card_txn_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "expense_lines_positive" CHECK ("expense_lines"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "invoice_keys" (
	"org_id" text NOT NULL,
	"key" text NOT NULL,
	"invoice_id" text NOT NULL,
	"line_id" text NOT NULL,
	CONSTRAINT "invoice_keys_org_id_key_pk" PRIMARY KEY("org_id","key")
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"line_id" text NOT NULL,
	"kind" text NOT NULL,
	"number" text NOT NULL,
	"code" text,
	"total_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"issue_date" text NOT NULL,
	"data" jsonb NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payables" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"source_type" text NOT NULL,
	"source_id" text NOT NULL,
	"payee_type" text NOT NULL,
	"payee_id" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payables_positive" CHECK ("payables"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "receipts" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"line_id" text NOT NULL,
	"storage_key" text NOT NULL,
	"content_type" text NOT NULL,
	"filename" text,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supplier_orders" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"trip_id" text NOT NULL,
	"supplier" text NOT NULL,
	"client_ref" text NOT NULL,
	"supplier_order_id" text,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"payment" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"offer" jsonb NOT NULL,
	"expense_line_id" text,
	"error" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "phase" text;--> statement-breakpoint
CREATE UNIQUE INDEX "advance_movements_ref_uq" ON "advance_movements" USING btree ("advance_id","kind","ref_id");--> statement-breakpoint
CREATE INDEX "advances_employee_idx" ON "advances" USING btree ("org_id","employee_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "card_transactions_ext_uq" ON "card_transactions" USING btree ("org_id","provider","external_id");--> statement-breakpoint
CREATE INDEX "card_transactions_import_idx" ON "card_transactions" USING btree ("import_id");--> statement-breakpoint
CREATE UNIQUE INDEX "expense_lines_source_uq" ON "expense_lines" USING btree ("org_id","source","source_ref");--> statement-breakpoint
CREATE INDEX "expense_lines_employee_idx" ON "expense_lines" USING btree ("org_id","employee_id","status");--> statement-breakpoint
CREATE INDEX "expense_lines_application_idx" ON "expense_lines" USING btree ("org_id","application_id");--> statement-breakpoint
CREATE INDEX "expense_lines_match_idx" ON "expense_lines" USING btree ("org_id","currency","amount_minor") WHERE "expense_lines"."card_txn_id" IS NULL AND "expense_lines"."status" IN ('draft', 'open', 'claimed');--> statement-breakpoint
CREATE INDEX "invoices_line_idx" ON "invoices" USING btree ("org_id","line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payables_source_uq" ON "payables" USING btree ("org_id","source_type","source_id");--> statement-breakpoint
CREATE INDEX "payables_status_idx" ON "payables" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "receipts_line_idx" ON "receipts" USING btree ("org_id","line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "supplier_orders_ref_uq" ON "supplier_orders" USING btree ("org_id","client_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "supplier_orders_supplier_id_uq" ON "supplier_orders" USING btree ("supplier","supplier_order_id");--> statement-breakpoint
CREATE INDEX "supplier_orders_trip_idx" ON "supplier_orders" USING btree ("org_id","trip_id");