CREATE TABLE "finance_link_uses" (
	"org_id" text NOT NULL,
	"link_id" text NOT NULL,
	"employee_id" text NOT NULL,
	"page" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone NOT NULL,
	CONSTRAINT "finance_link_uses_org_id_link_id_pk" PRIMARY KEY("org_id","link_id")
);
--> statement-breakpoint
CREATE INDEX "finance_link_uses_expiry_idx" ON "finance_link_uses" USING btree ("expires_at");