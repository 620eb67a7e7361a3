// Turns domain events into outbox rows in the caller's transaction; the dispatcher fans them out to webhooks.
import type { Executor } from '../../db/database.js';
import { enqueue, type OutboxMessage } from '../../db/repos/outbox.js';
import type { DomainEvent, IdGenerator } from '../../domain/shared/index.js';
import { TOPIC_PUBLISH, type WebhookEvent } from '../integrations/webhooks.js';

/** The outbox rows for `events`; `keyBase` (e.g. the subject and version) makes a retried command produce the same keys. */
export function eventMessages(ids: IdGenerator, events: readonly DomainEvent[], keyBase?: string): OutboxMessage[] {
  return events.map((e, i) => {
    const id = keyBase ? `${keyBase}#${i}` : ids.next('evt');
    const body: WebhookEvent = { id, type: e.type, orgId: e.orgId, subject: e.subject, at: e.at.toISOString(), payload: e.payload };
    return { orgId: e.orgId, topic: TOPIC_PUBLISH, key: id, payload: body };
  });
}

/** Enqueues each event once (duplicate keys are ignored). */
export async function publish(db: Executor, ids: IdGenerator, events: readonly DomainEvent[], keyBase?: string): Promise<void> {
  await enqueue(db, eventMessages(ids, events, keyBase));
}
