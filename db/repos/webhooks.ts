// Outbound webhook subscriptions of an organisation; secrets arrive already encrypted.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { webhooks } from '../schema/index.js';
import type { Executor } from '../database.js';

export interface WebhookRow {
  id: string;
  orgId: string;
  url: string;
  events: string[];
  secretEnc: string;
  /** The secret before the last rotation, still signing (as a second signature) until `secretPrevUntil`. */
  secretPrevEnc: string | null;
  secretPrevUntil: Date | null;
}

export type NewWebhook = Omit<WebhookRow, 'secretPrevEnc' | 'secretPrevUntil'>;

const columns = {
  id: webhooks.id,
  orgId: webhooks.orgId,
  url: webhooks.url,
  events: webhooks.events,
  secretEnc: webhooks.secretEnc,
  secretPrevEnc: webhooks.secretPrevEnc,
  secretPrevUntil: webhooks.secretPrevUntil,
};

/** Saves a subscription whose URL the caller has already checked (`checkOutboundUrl`). */
export async function addWebhook(db: Executor, w: NewWebhook): Promise<void> {
  await db.insert(webhooks).values(w);
}

/** Active subscriptions of the given organisations (one query for a whole outbox batch). */
export async function listWebhooks(db: Executor, orgIds: readonly string[]): Promise<WebhookRow[]> {
  if (orgIds.length === 0) return [];
  return db
    .select(columns)
    .from(webhooks)
    .where(and(inArray(webhooks.orgId, [...orgIds]), eq(webhooks.active, 1)));
}

/** An active subscription; an unsubscribed one is gone, so deliveries still queued for it are dropped. */
export async function getWebhook(db: Executor, orgId: string, id: string): Promise<WebhookRow | undefined> {
  const [w] = await db
    .select(columns)
    .from(webhooks)
    .where(and(eq(webhooks.orgId, orgId), eq(webhooks.id, id), eq(webhooks.active, 1)));
  return w;
}

/** Unsubscribes; false when the organisation has no such active subscription. */
export async function deleteWebhook(db: Executor, orgId: string, id: string): Promise<boolean> {
  const r = await db
    .update(webhooks)
    .set({ active: 0 })
    .where(and(eq(webhooks.orgId, orgId), eq(webhooks.id, id), eq(webhooks.active, 1)))
    .returning({ id: webhooks.id });
  return r.length > 0;
}

/**
 * Replaces the signing secret; the current one becomes the previous secret, still signing until `prevUntil`. In one
 * statement (the right-hand side reads the row as it was), so two rotations at once cannot lose a secret between
 * them. False when the organisation has no such active subscription.
 */
export async function rotateWebhookSecret(db: Executor, orgId: string, id: string, secretEnc: string, prevUntil: Date): Promise<boolean> {
  const r = await db
    .update(webhooks)
    .set({ secretPrevEnc: sql`${webhooks.secretEnc}`, secretEnc, secretPrevUntil: prevUntil })
    .where(and(eq(webhooks.orgId, orgId), eq(webhooks.id, id), eq(webhooks.active, 1)))
    .returning({ id: webhooks.id });
  return r.length > 0;
}

/** Whether a subscription wants an event type: exact, '*' or a prefix wildcard like 'approval.*'. */
export function wants(events: string[], type: string): boolean {
  return events.some((e) => e === '*' || e === type || (e.endsWith('.*') && type.startsWith(e.slice(0, -1))));
}
