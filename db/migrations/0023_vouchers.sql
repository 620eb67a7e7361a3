CREATE TABLE "voucher_sequences" (
	"org_id" text NOT NULL,
	"period" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "voucher_sequences_org_id_period_pk" PRIMARY KEY("org_id","period")
);
--> statement-breakpoint
CREATE TABLE "vouchers" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"status" text NOT NULL,
	"number" text,
	"period" text NOT NULL,
	"kind" text NOT NULL,
	"source_type" text NOT NULL,
	"source_id" text NOT NULL,
	"date" text NOT NULL,
	"memo" text NOT NULL,
	"lines" jsonb NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "vouchers_source_uq" ON "vouchers" USING btree ("org_id","kind","source_type","source_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vouchers_number_uq" ON "vouchers" USING btree ("org_id","number");--> statement-breakpoint
CREATE INDEX "vouchers_period_idx" ON "vouchers" USING btree ("org_id","period");