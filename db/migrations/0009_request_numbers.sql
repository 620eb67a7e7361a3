CREATE TABLE "request_numbers" (
	"org_id" text NOT NULL,
	"prefix" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "request_numbers_org_id_prefix_pk" PRIMARY KEY("org_id","prefix")
);
--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "number" text;--> statement-breakpoint
-- Existing requests are numbered in the order they were created, per organisation and prefix (domain/approval/request-number.ts).
UPDATE "requests" r SET "number" = n.prefix || '-' || lpad(n.seq::text, 4, '0')
  FROM (
    SELECT id, org_id, p.prefix, row_number() OVER (PARTITION BY org_id, p.prefix ORDER BY created_at, id) AS seq
      FROM "requests"
      CROSS JOIN LATERAL (SELECT CASE type WHEN 'trip' THEN 'TR' WHEN 'expense' THEN 'EX' WHEN 'visit' THEN 'VI' WHEN 'advance' THEN 'AD'
                                 WHEN 'reimbursement' THEN 'RB' WHEN 'purchase' THEN 'PO' ELSE 'RQ' END AS prefix) p
  ) n
 WHERE r.id = n.id;--> statement-breakpoint
ALTER TABLE "requests" ALTER COLUMN "number" SET NOT NULL;--> statement-breakpoint
INSERT INTO "request_numbers" ("org_id", "prefix", "last")
  SELECT org_id, split_part("number", '-', 1), max(split_part("number", '-', 2)::integer) FROM "requests" GROUP BY 1, 2;--> statement-breakpoint
ALTER TABLE "console_messages" ADD COLUMN "locale" text;--> statement-breakpoint
ALTER TABLE "request_numbers" ADD CONSTRAINT "request_numbers_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "requests_org_number_uq" ON "requests" USING btree ("org_id","number");