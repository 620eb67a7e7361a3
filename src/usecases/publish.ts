// Turns domain events into outbox rows in the caller's transaction; the dispatcher fans them out to webhooks.
import type { Executor } from '../../db/database.js';
import { enqueue } from '../../db/repos/outbox.js';
import type { DomainEvent, IdGenerator } from '../../domain/shared/index.js';
import { TOPIC_PUBLISH, type WebhookEvent } from '../integrations/webhooks.js';

/** Enqueues each event once; `keyBase` (e.g. the audit subject and version) makes retried commands enqueue nothing new. */
export async function publish(db: Executor, ids: IdGenerator, events: readonly DomainEvent[], keyBase?: string): Promise<void> {
  await enqueue(
    db,
    events.map((e, i) => {
      const id = keyBase ? `${keyBase}#${i}` : ids.next('evt');
      const body: WebhookEvent = { id, type: e.type, orgId: e.orgId, subject: e.subject, at: e.at.toISOString(), payload: e.payload };
      return { orgId: e.orgId, topic: TOPIC_PUBLISH, key: id, payload: body };
    }),
  );
}
