// Processed inbound ids (platform events, card actions, API idempotency keys): retries become harmless.
import { and, eq } from 'drizzle-orm';
import { processedEvents } from '../schema/index.js';
import type { Executor } from '../database.js';

/**
 * Records `source/eventId` in the caller's transaction. Returns `{ first: true }` the first time; a duplicate (even one
 * racing in another transaction, which waits for the first to commit) gets `{ first: false, response }`.
 * @crossOrg Platform event ids arrive before the organisation is known; callers put the organisation in `source` when
 * they know it.
 */
export async function claimInbound(
  db: Executor,
  source: string,
  eventId: string,
  orgId: string | null,
): Promise<{ first: true } | { first: false; response: unknown }> {
  const inserted = await db
    .insert(processedEvents)
    .values({ source, eventId, orgId })
    .onConflictDoNothing()
    .returning({ eventId: processedEvents.eventId });
  if (inserted.length > 0) return { first: true };
  const [row] = await db
    .select({ response: processedEvents.response })
    .from(processedEvents)
    .where(and(eq(processedEvents.source, source), eq(processedEvents.eventId, eventId)));
  return { first: false, response: row?.response ?? null };
}

/** Stores the answer given the first time, returned again to a retry. @crossOrg As claimInbound. */
export async function saveInboundResponse(db: Executor, source: string, eventId: string, response: unknown): Promise<void> {
  await db
    .update(processedEvents)
    .set({ response })
    .where(and(eq(processedEvents.source, source), eq(processedEvents.eventId, eventId)));
}
