-- Leave room in each page so that updates which change no indexed column stay on the page (HOT updates) and add
-- no index entries: a request's status change, an outbox message's claim. drizzle-kit has no table storage options,
-- so this migration is hand-written.
ALTER TABLE "requests" SET (fillfactor = 85);--> statement-breakpoint
ALTER TABLE "outbox" SET (fillfactor = 85);--> statement-breakpoint
ALTER TABLE "approval_instances" SET (fillfactor = 85);
