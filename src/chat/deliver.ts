// Sending to a chat: the web console is written at once (it is our own store); platforms go through the outbox, so
// a slow platform API never holds up the request that caused the message.
import type { Executor } from '../../db/database.js';
import { upsertCard, upsertCards, writeConsole } from '../../db/repos/chat.js';
import { enqueue, type OutboxMessage } from '../../db/repos/outbox.js';
import type { CardView } from '../../cards/view-model.js';
import type { IdGenerator } from '../../domain/shared/index.js';
import type { Lang } from './texts.js';

export type Channel = 'web' | 'feishu' | 'dingtalk' | 'slack';
export const TOPIC_CHAT_SEND = 'chat.send';

/** Someone to send to, on one channel. `address` is the platform's id for them (the employee id on the console). */
export interface Recipient {
  orgId: string;
  channel: Channel;
  employeeId: string;
  address: string;
  locale: Lang;
}

export type Outgoing = { text: string } | { cardKey: string; view: CardView };

/** What the `chat.send` handler gets: the card is read back from chat_cards, so the newest view always wins. */
export interface ChatSendPayload {
  channel: Exclude<Channel, 'web'>;
  address: string;
  recipientId: string;
  locale: Lang;
  text?: string;
  cardKey?: string;
}

/** The stored copy of a card sent to `r` (a later change of the card updates every copy). */
const cardRowOf = (r: Recipient, item: { cardKey: string; view: CardView }, now: Date) => ({
  orgId: r.orgId,
  cardKey: item.cardKey,
  channel: r.channel,
  recipientId: r.employeeId,
  address: r.address,
  locale: r.locale,
  view: item.view,
  updatedAt: now,
});

/** The `chat.send` outbox row that takes `item` to `r` on platform `channel`. */
const sendMessageOf = (ids: IdGenerator, r: Recipient, channel: Exclude<Channel, 'web'>, item: Outgoing): OutboxMessage => {
  const payload: ChatSendPayload = {
    channel,
    address: r.address,
    recipientId: r.employeeId,
    locale: r.locale,
    ...('cardKey' in item ? { cardKey: item.cardKey } : { text: item.text }),
  };
  return { orgId: r.orgId, topic: TOPIC_CHAT_SEND, key: ids.next('chat'), payload };
};

/** Delivers in the caller's transaction. Every card copy is recorded, so a later change can update all of them. */
export async function deliver(tx: Executor, ids: IdGenerator, r: Recipient, item: Outgoing, now: Date): Promise<void> {
  if ('cardKey' in item) await upsertCard(tx, cardRowOf(r, item, now));
  if (r.channel === 'web') {
    await writeConsole(tx, { orgId: r.orgId, employeeId: r.employeeId, direction: 'out', locale: r.locale, now, ...('cardKey' in item ? { cardKey: item.cardKey, view: item.view } : { text: item.text }) });
    return;
  }
  await enqueue(tx, [sendMessageOf(ids, r, r.channel, item)]);
}

/**
 * `deliver` for many messages in one go: every platform card copy in one statement and every outbox row in another
 * (the console, our own store, is written one by one). What a batch of approval events costs stays a few statements.
 */
export async function deliverMany(tx: Executor, ids: IdGenerator, list: readonly { r: Recipient; item: Outgoing }[], now: Date): Promise<void> {
  const cards: ReturnType<typeof cardRowOf>[] = [];
  const messages: OutboxMessage[] = [];
  for (const { r, item } of list) {
    if (r.channel === 'web') {
      await deliver(tx, ids, r, item, now);
      continue;
    }
    if ('cardKey' in item) cards.push(cardRowOf(r, item, now));
    messages.push(sendMessageOf(ids, r, r.channel, item));
  }
  await upsertCards(tx, cards);
  await enqueue(tx, messages);
}
