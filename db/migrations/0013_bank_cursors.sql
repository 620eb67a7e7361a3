CREATE TABLE "bank_cursors" (
	"org_id" text NOT NULL,
	"connector" text NOT NULL,
	"cursor" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "bank_cursors_uq" ON "bank_cursors" USING btree ("org_id","connector");