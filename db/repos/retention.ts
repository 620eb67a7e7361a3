// Purging rows that must not be kept forever: delivered outbox messages and processed inbound ids past retention.
// Each call deletes one small batch, so a purge never holds many row locks or one long transaction.
import { sql } from 'drizzle-orm';
import { rowsOf, type Executor } from '../database.js';

/**
 * Deletes up to `limit` outbox rows delivered before `before`; returns how many. Pending and dead rows are never
 * touched: the status filter is part of the statement, not of the caller's good intentions. Walks the partial index
 * `outbox_delivered_idx` (delivered_at WHERE status = 'delivered').
 * @crossOrg Retention is one rule for every organisation: age and status decide, not whose row it is.
 */
export async function purgeDeliveredOutbox(db: Executor, before: Date, limit: number): Promise<number> {
  const rows = rowsOf<{ id: number }>(
    await db.execute(sql`
      DELETE FROM outbox WHERE id IN (
        SELECT id FROM outbox WHERE status = 'delivered' AND delivered_at < ${before.toISOString()}::timestamptz
        ORDER BY delivered_at LIMIT ${limit}
      ) AND status = 'delivered'
      RETURNING id`),
  );
  return rows.length;
}

/**
 * Deletes up to `limit` processed inbound ids (platform events, card actions, API idempotency keys) recorded before
 * `before`; returns how many. A platform retry or a replayed idempotency key older than that is treated as new, which
 * is why retention is counted in days while platforms retry within minutes. Uses `processed_events_at_idx`.
 * @crossOrg Retention is one rule for every organisation, and platform event ids may have no organisation at all.
 */
export async function purgeProcessedEvents(db: Executor, before: Date, limit: number): Promise<number> {
  const rows = rowsOf<{ event_id: string }>(
    await db.execute(sql`
      DELETE FROM processed_events WHERE (source, event_id) IN (
        SELECT source, event_id FROM processed_events WHERE processed_at < ${before.toISOString()}::timestamptz
        ORDER BY processed_at LIMIT ${limit}
      )
      RETURNING event_id`),
  );
  return rows.length;
}
