-- Room on each page for the row's next version, so the updates that touch no indexed column stay heap-only (HOT):
-- an outbox claim (attempts, locked_until) and a card copy's delivery (message_id, delivered_version). On full pages
-- each of those wrote a new entry into every index of the table. Applies to pages written from now on.
ALTER TABLE "outbox" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "chat_cards" SET (fillfactor = 80);
