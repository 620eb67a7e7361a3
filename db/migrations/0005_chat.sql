CREATE TABLE "chat_cards" (
	"org_id" text NOT NULL,
	"card_key" text NOT NULL,
	"channel" text NOT NULL,
	"recipient_id" text NOT NULL,
	"address" text NOT NULL,
	"message_id" text,
	"locale" text NOT NULL,
	"view" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "chat_cards_org_id_card_key_channel_recipient_id_pk" PRIMARY KEY("org_id","card_key","channel","recipient_id")
);
--> statement-breakpoint
CREATE TABLE "chat_drafts" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"employee_id" text NOT NULL,
	"channel" text NOT NULL,
	"chat_id" text NOT NULL,
	"draft" jsonb NOT NULL,
	"locale" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"request_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "console_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"employee_id" text NOT NULL,
	"direction" text NOT NULL,
	"text" text,
	"view" jsonb,
	"card_key" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"org_id" text NOT NULL,
	"channel" text NOT NULL,
	"chat_id" text NOT NULL,
	"employee_id" text NOT NULL,
	"state" jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "conversations_org_id_channel_chat_id_employee_id_pk" PRIMARY KEY("org_id","channel","chat_id","employee_id")
);
--> statement-breakpoint
CREATE INDEX "chat_drafts_employee_idx" ON "chat_drafts" USING btree ("org_id","employee_id");--> statement-breakpoint
CREATE INDEX "console_messages_employee_idx" ON "console_messages" USING btree ("org_id","employee_id","id");--> statement-breakpoint
CREATE INDEX "console_messages_card_idx" ON "console_messages" USING btree ("org_id","card_key") WHERE "console_messages"."card_key" IS NOT NULL;