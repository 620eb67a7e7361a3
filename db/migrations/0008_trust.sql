CREATE TABLE "platform_tenants" (
	"platform" text NOT NULL,
	"tenant" text NOT NULL,
	"org_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "platform_tenants_platform_tenant_pk" PRIMARY KEY("platform","tenant")
);
--> statement-breakpoint
CREATE TABLE "slack_installations" (
	"install_key" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"team_id" text,
	"enterprise_id" text,
	"installation_enc" text NOT NULL,
	"installed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "approval_flows_org_idx";--> statement-breakpoint
DROP INDEX "policy_rules_org_idx";--> statement-breakpoint
DROP INDEX "platform_identities_uq";--> statement-breakpoint
ALTER TABLE "approval_flows" DROP CONSTRAINT "approval_flows_pkey";--> statement-breakpoint
ALTER TABLE "policy_rules" DROP CONSTRAINT "policy_rules_pkey";--> statement-breakpoint
ALTER TABLE "approval_flows" ADD CONSTRAINT "approval_flows_org_id_id_pk" PRIMARY KEY("org_id","id");--> statement-breakpoint
ALTER TABLE "policy_rules" ADD CONSTRAINT "policy_rules_org_id_id_pk" PRIMARY KEY("org_id","id");--> statement-breakpoint
ALTER TABLE "platform_identities" ADD COLUMN "tenant" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "employee_id" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "via" text;--> statement-breakpoint
ALTER TABLE "processed_events" ADD COLUMN "request_hash" text;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "secret_prev_enc" text;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "secret_prev_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "platform_tenants" ADD CONSTRAINT "platform_tenants_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slack_installations" ADD CONSTRAINT "slack_installations_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "platform_tenants_org_idx" ON "platform_tenants" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "slack_installations_org_idx" ON "slack_installations" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "outbox_delivered_idx" ON "outbox" USING btree ("delivered_at") WHERE "outbox"."status" = 'delivered';--> statement-breakpoint
CREATE INDEX "processed_events_at_idx" ON "processed_events" USING btree ("processed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "platform_identities_uq" ON "platform_identities" USING btree ("platform","tenant","kind","external_id");