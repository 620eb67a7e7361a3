// Outbound webhook subscriptions of an organisation; secrets arrive already encrypted.
import { and, eq, inArray } from 'drizzle-orm';
import { webhooks } from '../schema/index.js';
import type { Executor } from '../database.js';

export interface WebhookRow {
  id: string;
  orgId: string;
  url: string;
  events: string[];
  secretEnc: string;
}

export async function addWebhook(db: Executor, w: WebhookRow): Promise<void> {
  await db.insert(webhooks).values(w);
}

/** Active subscriptions of the given organisations (one query for a whole outbox batch). */
export async function listWebhooks(db: Executor, orgIds: readonly string[]): Promise<WebhookRow[]> {
  if (orgIds.length === 0) return [];
  return db
    .select({ id: webhooks.id, orgId: webhooks.orgId, url: webhooks.url, events: webhooks.events, secretEnc: webhooks.secretEnc })
    .from(webhooks)
    .where(and(inArray(webhooks.orgId, [...orgIds]), eq(webhooks.active, 1)));
}

export async function getWebhook(db: Executor, orgId: string, id: string): Promise<WebhookRow | undefined> {
  const [w] = await db
    .select({ id: webhooks.id, orgId: webhooks.orgId, url: webhooks.url, events: webhooks.events, secretEnc: webhooks.secretEnc })
    .from(webhooks)
    .where(and(eq(webhooks.orgId, orgId), eq(webhooks.id, id)));
  return w;
}

export async function deleteWebhook(db: Executor, orgId: string, id: string): Promise<boolean> {
  const r = await db.update(webhooks).set({ active: 0 }).where(and(eq(webhooks.orgId, orgId), eq(webhooks.id, id))).returning({ id: webhooks.id });
  return r.length > 0;
}

/** Whether a subscription wants an event type: exact, '*' or a prefix wildcard like 'approval.*'. */
export function wants(events: string[], type: string): boolean {
  return events.some((e) => e === '*' || e === type || (e.endsWith('.*') && type.startsWith(e.slice(0, -1))));
}
