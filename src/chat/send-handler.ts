// `chat.send`: delivers chat messages to platforms, a claimed batch at a time. A card is read back from chat_cards at
// delivery time, so the newest view wins; a card already sent is updated in place instead of sent again. Several
// queued messages for one card copy collapse into one call, and a copy whose newest version already reached the
// platform (`delivered_version`) is skipped: ten updates to a card cost one patch, not ten.
import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { cardsByCopies, recordCardsDelivered, type CardCopy, type CardRow } from '../../db/repos/chat.js';
import type { ClaimedMessage } from '../../db/repos/outbox.js';
import { orgTimeZone } from '../usecases/org-time.js';
import type { PlatformMessenger } from '../../bots/chat/messenger.js';
import { RateLimited } from '../../bots/chat/rate-limit.js';
import type { CardView } from '../../cards/view-model.js';
import { PermanentFailure, type OutboxBatchHandler } from '../jobs/dispatcher.js';
import type { ChatSendPayload } from './deliver.js';

/** A stable idempotency key per card copy (platforms cap its length: Feishu's uuid at 50 characters). */
const keyOf = (...parts: string[]) => createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 40);

const copyId = (orgId: string, c: CardCopy) => `${orgId}\u0000${c.cardKey}\u0000${c.channel}\u0000${c.recipientId}`;

/** One platform call to make: a text, or one card copy standing for every message of the batch that named it. */
type Job = { kind: 'text'; msg: ClaimedMessage; p: ChatSendPayload } | { kind: 'card'; orgId: string; copy: CardCopy; channel: string; msgs: ClaimedMessage[] };

/**
 * @param concurrency platform calls in flight per batch (each messenger also keeps to its platform's rate limits): enough
 *   that an API answering in 2 s still gets about Feishu's 50 calls a second.
 * @param chainBudgetMs how long one chat's queue of new messages may hold a pass: after it, the rest of that chat's
 *   messages go back to the queue, in order and without spending an attempt, for the next pass. A pass waits for its
 *   slowest unit, so without this one busy chat on a slow API (a hundred notices to one person, 2 s a call) would hold
 *   every other delivery of the pass for minutes.
 */
export function chatSendHandler(db: Db, messengers: ReadonlyMap<string, PlatformMessenger>, concurrency = 64, chainBudgetMs = 1_000): OutboxBatchHandler {
  const zones = new Map<string, string>();
  const zoneOf = async (orgId: string) => {
    let z = zones.get(orgId);
    if (!z) zones.set(orgId, (z = await orgTimeZone(db, orgId)));
    return z;
  };
  return {
    async batch(msgs) {
      const failures = new Map<number, unknown>();
      const jobs: Job[] = [];
      const cardJobs = new Map<string, Extract<Job, { kind: 'card' }>>();
      for (const msg of msgs) {
        const p = msg.payload as ChatSendPayload;
        if (p.text !== undefined || !p.cardKey) {
          jobs.push({ kind: 'text', msg, p });
          continue;
        }
        const copy = { cardKey: p.cardKey, channel: p.channel, recipientId: p.recipientId };
        const id = copyId(msg.orgId, copy);
        const job = cardJobs.get(id);
        if (job) job.msgs.push(msg);
        else {
          const j = { kind: 'card' as const, orgId: msg.orgId, copy, channel: p.channel, msgs: [msg] };
          cardJobs.set(id, j);
          jobs.push(j);
        }
      }

      // Every card copy of the batch, one query per organisation.
      const byOrg = new Map<string, CardCopy[]>();
      for (const j of cardJobs.values()) byOrg.set(j.orgId, [...(byOrg.get(j.orgId) ?? []), j.copy]);
      const cards = new Map<string, CardRow>();
      for (const [orgId, copies] of byOrg) for (const c of await cardsByCopies(db, orgId, copies)) cards.set(copyId(orgId, c), c);

      const done = new Map<string, (CardCopy & { version: number; messageId?: string })[]>();
      const record = (orgId: string, row: CardCopy & { version: number; messageId?: string }) => done.set(orgId, [...(done.get(orgId) ?? []), row]);

      const run = async (job: Job) => {
        const messenger = messengers.get(job.kind === 'text' ? job.p.channel : job.channel);
        const ids = job.kind === 'text' ? [job.msg.id] : job.msgs.map((m) => m.id);
        try {
          if (!messenger) throw new PermanentFailure(`channel ${job.kind === 'text' ? job.p.channel : job.channel} is not configured`);
          if (job.kind === 'text') {
            await messenger.sendText(job.p.address, job.p.text ?? '', keyOf(job.msg.key), { orgId: job.msg.orgId });
            return;
          }
          const card = cards.get(copyId(job.orgId, job.copy));
          if (!card) throw new PermanentFailure(`card ${job.copy.cardKey} for ${job.copy.recipientId} is gone`);
          // Its newest state already reached the platform (an earlier message of this burst carried it): nothing to do.
          if (card.deliveredVersion >= card.version && card.messageId) return;
          const ctx = { orgId: job.orgId };
          const rendered = messenger.render(card.view as CardView, { locale: card.locale === 'en' ? 'en' : 'zh', timeZone: await zoneOf(job.orgId) });
          if (card.messageId) {
            await messenger.updateCard(card.messageId, rendered, card.address, ctx);
            record(job.orgId, { ...job.copy, version: card.version });
            return;
          }
          const messageId = await messenger.sendCard(card.address, rendered, keyOf(job.orgId, card.cardKey, card.channel, card.recipientId), ctx);
          record(job.orgId, { ...job.copy, version: card.version, messageId });
        } catch (e) {
          for (const id of ids) failures.set(id, e);
        }
      };
      // New messages to one chat go out one after another, in the order they were queued (a person sees their cards
      // in the order things happened); updates of messages already sent, and other chats, go in parallel.
      const units: Job[][] = [];
      const chains = new Map<string, Job[]>();
      for (const job of jobs) {
        const card = job.kind === 'card' ? cards.get(copyId(job.orgId, job.copy)) : undefined;
        if (job.kind === 'card' && card?.messageId) {
          units.push([job]);
          continue;
        }
        const chat = job.kind === 'text' ? `${job.msg.orgId}\u0000${job.p.channel}\u0000${job.p.address}` : `${job.orgId}\u0000${job.channel}\u0000${card?.address ?? job.copy.recipientId}`;
        const chain = chains.get(chat);
        if (chain) chain.push(job);
        else {
          const fresh = [job];
          chains.set(chat, fresh);
          units.push(fresh);
        }
      }
      const started = performance.now();
      const idsOf = (job: Job) => (job.kind === 'text' ? [job.msg.id] : job.msgs.map((m) => m.id));
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(concurrency, units.length) }, async () => {
          while (next < units.length) {
            const unit = units[next++]!;
            for (const [i, job] of unit.entries()) {
              if (i > 0 && performance.now() - started > chainBudgetMs) {
                for (const later of unit.slice(i)) for (const id of idsOf(later)) failures.set(id, new RateLimited(0, 'later in its chat’s order'));
                break;
              }
              await run(job);
            }
          }
        }),
      );
      for (const [orgId, rows] of done) await recordCardsDelivered(db, orgId, rows);
      return failures;
    },
  };
}
