// Outbound webhooks: domain events fan out to subscriptions, then each delivery is an HMAC-signed POST.
import { createHmac } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { enqueue, type ClaimedMessage } from '../../db/repos/outbox.js';
import { getWebhook, listWebhooks, wants } from '../../db/repos/webhooks.js';
import type { SecretBox } from '../secrets.js';
import { PermanentFailure, type OutboxBatchHandler, type OutboxHandler } from '../jobs/dispatcher.js';

export const TOPIC_PUBLISH = 'event.publish';
export const TOPIC_WEBHOOK = 'webhook.deliver';

/** What a subscriber receives. */
export interface WebhookEvent {
  id: string;
  type: string;
  orgId: string;
  subject: { type: string; id: string };
  at: string;
  payload: unknown;
}

/**
 * Signature header value: `t=<unix seconds>,v1=<hex hmac-sha256(secret, "<t>.<body>")>`.
 * Receivers recompute it over the raw body and reject timestamps older than five minutes.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/**
 * `event.publish` → one `webhook.deliver` per subscription that wants the event. A whole batch of events costs one
 * query for the subscriptions and one insert; keys make a repeated fan-out harmless.
 */
export function publishHandler(db: Db): OutboxBatchHandler {
  return {
    async batch(msgs: ClaimedMessage[]) {
      const hooks = await listWebhooks(db, [...new Set(msgs.map((m) => m.orgId))]);
      await enqueue(
        db,
        msgs.flatMap((msg) => {
          const event = msg.payload as WebhookEvent;
          return hooks
            .filter((w) => w.orgId === msg.orgId && wants(w.events, event.type))
            .map((w) => ({ orgId: msg.orgId, topic: TOPIC_WEBHOOK, key: `${msg.key}>${w.id}`, payload: { webhookId: w.id, event } }));
        }),
      );
    },
  };
}

/** `webhook.deliver` → POST to the subscriber; any non-2xx answer or timeout is retried by the dispatcher. */
export function deliverHandler(db: Db, box: SecretBox, timeoutMs: number, now: () => Date): OutboxHandler {
  return async (msg: ClaimedMessage) => {
    const { webhookId, event } = msg.payload as { webhookId: string; event: WebhookEvent };
    const hook = await getWebhook(db, msg.orgId, webhookId);
    if (!hook) throw new PermanentFailure(`webhook ${webhookId} no longer exists`);
    const body = JSON.stringify(event);
    const ts = Math.floor(now().getTime() / 1000);
    const res = await fetch(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'spendbot-webhooks/1',
        'x-spend-event': event.type,
        'x-spend-delivery': msg.key,
        'idempotency-key': msg.key,
        'x-spend-signature': signWebhook(box.decrypt(hook.secretEnc), ts, body),
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel().catch(() => undefined);
    if (!res.ok) throw new Error(`webhook answered HTTP ${res.status}`);
  };
}
