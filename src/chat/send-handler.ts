// `chat.send`: delivers one chat message to a platform. A card is read back from chat_cards at delivery time, so the
// newest view wins even when updates queue up; a card already sent is updated in place instead of sent again.
import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { getCard, setCardMessageId } from '../../db/repos/chat.js';
import { orgTimeZone } from '../usecases/org-time.js';
import type { PlatformMessenger } from '../../bots/chat/messenger.js';
import type { CardView } from '../../cards/view-model.js';
import { PermanentFailure, type OutboxHandler } from '../jobs/dispatcher.js';
import type { ChatSendPayload } from './deliver.js';

/** A stable idempotency key per card copy (platforms cap its length: Feishu's uuid at 50 characters). */
const keyOf = (...parts: string[]) => createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 40);

export function chatSendHandler(db: Db, messengers: ReadonlyMap<string, PlatformMessenger>): OutboxHandler {
  const zones = new Map<string, string>();
  const zoneOf = async (orgId: string) => {
    let z = zones.get(orgId);
    if (!z) zones.set(orgId, (z = await orgTimeZone(db, orgId)));
    return z;
  };
  return async (msg) => {
    const p = msg.payload as ChatSendPayload;
    const ctx = { orgId: msg.orgId };
    const messenger = messengers.get(p.channel);
    if (!messenger) throw new PermanentFailure(`channel ${p.channel} is not configured`);
    if (p.text !== undefined) {
      await messenger.sendText(p.address, p.text, keyOf(msg.key), ctx);
      return;
    }
    const card = await getCard(db, msg.orgId, p.cardKey!, p.channel, p.recipientId);
    if (!card) throw new PermanentFailure(`card ${p.cardKey} for ${p.recipientId} is gone`);
    const rendered = messenger.render(card.view as CardView, { locale: card.locale === 'en' ? 'en' : 'zh', timeZone: await zoneOf(msg.orgId) });
    if (card.messageId) {
      await messenger.updateCard(card.messageId, rendered, card.address, ctx);
      return;
    }
    const messageId = await messenger.sendCard(card.address, rendered, keyOf(msg.orgId, card.cardKey, card.channel, card.recipientId), ctx);
    await setCardMessageId(db, msg.orgId, card.cardKey, card.channel, card.recipientId, messageId);
  };
}
