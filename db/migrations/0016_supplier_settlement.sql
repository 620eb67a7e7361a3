CREATE TABLE "supplier_statement_exceptions" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"statement_id" text NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"line_nos" jsonb NOT NULL,
	"supplier_order_ref" text NOT NULL,
	"order_id" text,
	"billed_minor" bigint,
	"expected_minor" bigint,
	"currency" text,
	"reason" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supplier_statement_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"statement_id" text NOT NULL,
	"line_no" integer NOT NULL,
	"line_id" text NOT NULL,
	"supplier_order_ref" text NOT NULL,
	"client_ref" text NOT NULL,
	"kind" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"date" text NOT NULL,
	"status" text NOT NULL,
	"exception" text,
	"order_id" text,
	CONSTRAINT "supplier_statement_lines_amount" CHECK ("supplier_statement_lines"."amount_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "supplier_statements" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"supplier" text NOT NULL,
	"month" text NOT NULL,
	"content_hash" text NOT NULL,
	"status" text NOT NULL,
	"line_count" integer NOT NULL,
	"exception_count" integer NOT NULL,
	"billed" jsonb NOT NULL,
	"matched" jsonb NOT NULL,
	"payable_ids" jsonb NOT NULL,
	"imported_by" text NOT NULL,
	"imported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "supplier_statement_exceptions_pos_uq" ON "supplier_statement_exceptions" USING btree ("org_id","statement_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "supplier_statement_lines_no_uq" ON "supplier_statement_lines" USING btree ("org_id","statement_id","line_no");--> statement-breakpoint
CREATE INDEX "supplier_statement_lines_order_idx" ON "supplier_statement_lines" USING btree ("org_id","supplier_order_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "supplier_statements_month_uq" ON "supplier_statements" USING btree ("org_id","supplier","month");--> statement-breakpoint
CREATE INDEX "supplier_statements_org_idx" ON "supplier_statements" USING btree ("org_id","imported_at");