// DingTalk robot messages and card callbacks → platform-neutral messages and clicks. Pure.
import type { ClickReply, Inbound, InboundCardClick, InboundChatMessage } from '../chat/inbound.js';
import { renderDingTalkCard } from '../../cards/index.js';
import type { RenderOptions } from '../../cards/view-model.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const parse = (v: unknown): Obj => {
  if (typeof v !== 'string') return obj(v);
  try {
    return obj(JSON.parse(v));
  } catch {
    return {};
  }
};

/**
 * The text of each robot message kind; a kind we cannot read (a picture, audio, a file) is empty text. Rich text is
 * `content.richText`, a list of runs: text runs are kept in order, pictures (`downloadCode`) dropped.
 */
const TEXT_OF: Readonly<Record<string, (data: Obj) => string>> = {
  text: (d) => str(obj(d.text).content) ?? '',
  richText: (d) => {
    const runs = obj(d.content).richText;
    return Array.isArray(runs) ? runs.map((r) => str(obj(r).text) ?? '').join('') : '';
  },
};

/**
 * A robot message (topic /v1.0/im/bot/messages/get, or the HTTP-mode callback body). `conversationType` "1" is a 1:1
 * chat, "2" a group (DingTalk only pushes group messages that @ the robot). Replies: `user:<staffId>` or
 * `group:<openConversationId>`.
 */
export function dingtalkMessage(data: Obj): InboundChatMessage | undefined {
  const staffId = str(data.senderStaffId);
  const msgId = str(data.msgId);
  if (!staffId || !msgId) return undefined;
  const direct = data.conversationType !== '2';
  const conversationId = str(data.conversationId) ?? staffId;
  const read = Object.hasOwn(TEXT_OF, String(data.msgtype)) ? TEXT_OF[String(data.msgtype)]! : () => '';
  const text = read(data);
  // The corp the robot is installed in decides the organisation; the sender's corp when DingTalk leaves it out.
  const tenant = str(data.chatbotCorpId) ?? str(data.senderCorpId);
  return {
    platform: 'dingtalk',
    eventId: msgId,
    ...(tenant ? { tenant } : {}),
    user: { kind: 'user_id', id: staffId },
    chatId: conversationId,
    chatType: direct ? 'direct' : 'group',
    text: text.replace(/\s+/g, ' ').trim(),
    replyTo: direct ? `user:${staffId}` : `group:${conversationId}`,
  };
}

/**
 * A card callback (topic /v1.0/card/instances/callback): `content` is a JSON string whose
 * `cardPrivateData.params` carries our button value `t` (and `reason` where the template has an input).
 */
export function dingtalkCardClick(data: Obj): InboundCardClick | undefined {
  const userId = str(data.userId);
  const outTrackId = str(data.outTrackId);
  const priv = obj(parse(data.content).cardPrivateData);
  const params = obj(priv.params);
  const value = str(params.t);
  if (!userId || !outTrackId || !value) return undefined;
  const actions = Array.isArray(priv.actionIds) ? priv.actionIds.join(',') : '';
  const reason = str(params.reason);
  const tenant = str(data.corpId);
  return {
    platform: 'dingtalk',
    ...(tenant ? { tenant } : {}),
    // DingTalk gives a click no id of its own: card, clicker, button and value identify it.
    eventId: `${outTrackId}:${userId}:${actions}:${value.slice(-16)}`,
    user: { kind: 'user_id', id: userId },
    value,
    ...(reason ? { reason } : {}),
    messageId: outTrackId,
    replyTo: `user:${userId}`,
  };
}

/** One DingTalk callback body (HTTP mode, or a Stream frame's data) → neutral inbound. */
export function dingtalkInbound(data: Obj): Inbound {
  const click = dingtalkCardClick(data);
  if (click) return { kind: 'click', click };
  const message = dingtalkMessage(data);
  if (message) return { kind: 'message', message };
  return { kind: 'ignored', why: 'a DingTalk callback we do not handle' };
}

/**
 * The answer to a card callback: the clicker's card updated at once (cardData by key, drafts re-rendered) with the toast
 * text as `message`; every other copy is updated through the outbox.
 */
export function dingtalkClickAnswer(reply: ClickReply | undefined, options: RenderOptions): Record<string, unknown> {
  if (!reply) return {};
  const params = reply.view ? renderDingTalkCard(reply.view, options).cardParamMap : {};
  // By key: only the params named change, so a toast alone leaves the rest of the card as it is.
  return { cardData: { cardParamMap: { ...params, message: reply.toast.text } }, cardUpdateOptions: { updateCardDataByKey: true } };
}
