// Outbound webhooks: domain events fan out to subscriptions, then each delivery is an HMAC-signed POST.
import { createHmac } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { enqueue, type ClaimedMessage } from '../../db/repos/outbox.js';
import { getWebhook, listWebhooks, wants } from '../../db/repos/webhooks.js';
import type { SecretBox } from '../secrets.js';
import { PermanentFailure, type OutboxBatchHandler, type OutboxHandler } from '../jobs/dispatcher.js';
import { postOutbound, type OutboundTransport } from './net/outbound-post.js';
import type { OutboundPolicy } from './net/url-guard.js';

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
 * Signature header value: `t=<unix seconds>,v1=<hex hmac-sha256(secret, "<t>.<body>")>`, one `v1` per secret, newest
 * first (Stripe's scheme). During a rotation's overlap the old secret signs too, so a receiver that still has it keeps
 * verifying. Receivers accept the delivery when any `v1` matches and reject timestamps older than five minutes.
 */
export function signWebhook(secrets: string | readonly string[], timestamp: number, body: string): string {
  const macs = (typeof secrets === 'string' ? [secrets] : secrets).map((s) => `v1=${createHmac('sha256', s).update(`${timestamp}.${body}`).digest('hex')}`);
  return [`t=${timestamp}`, ...macs].join(',');
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

export interface DeliverOptions {
  timeoutMs: number;
  now: () => Date;
  /** The outbound URL policy (allow list and resolver), checked again for every delivery after DNS. */
  policy: OutboundPolicy;
  transport?: OutboundTransport;
}

/**
 * `webhook.deliver` → POST to the subscriber. A refused URL or address (internal after DNS, no longer https) is
 * dead-lettered at once; a non-2xx answer (redirects included: they are never followed) or a timeout is retried by
 * the dispatcher. The failure reason stored on the outbox row is only the status class or refusal, never the remote's
 * own text.
 */
export function deliverHandler(db: Db, box: SecretBox, opts: DeliverOptions): OutboxHandler {
  return async (msg: ClaimedMessage) => {
    const { webhookId, event } = msg.payload as { webhookId: string; event: WebhookEvent };
    const hook = await getWebhook(db, msg.orgId, webhookId);
    if (!hook) throw new PermanentFailure(`webhook ${webhookId} no longer exists`);
    const body = JSON.stringify(event);
    const now = opts.now();
    const secrets = [box.decrypt(hook.secretEnc)];
    if (hook.secretPrevEnc && hook.secretPrevUntil && hook.secretPrevUntil > now) secrets.push(box.decrypt(hook.secretPrevEnc));
    const outcome = await postOutbound(
      {
        url: hook.url,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'spendbot-webhooks/1',
          'x-spend-event': event.type,
          'x-spend-delivery': msg.key,
          'idempotency-key': msg.key,
          'x-spend-signature': signWebhook(secrets, Math.floor(now.getTime() / 1000), body),
        },
        body,
        timeoutMs: opts.timeoutMs,
      },
      opts.policy,
      opts.transport,
    );
    if (outcome.ok) return;
    if (outcome.permanent) throw new PermanentFailure(outcome.reason);
    throw new Error(outcome.reason);
  };
}
