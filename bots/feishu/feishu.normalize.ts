// Feishu v2 events → platform-neutral messages and card clicks. Pure; unknown event types come back undefined.
import type { ClickReply, Inbound, InboundCardClick, InboundChatMessage } from '../chat/inbound.js';
import { renderFeishuCard } from '../../cards/index.js';
import type { RenderOptions } from '../../cards/view-model.js';
import type { FeishuEnvelope } from './feishu.verify.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The sender's best id: open_id (app-scoped) first, then union_id, then user_id. */
function userOf(ids: Obj): { kind: string; id: string } | undefined {
  for (const kind of ['open_id', 'union_id', 'user_id']) {
    const id = str(ids[kind]);
    if (id) return { kind, id };
  }
  return undefined;
}

/** The text of a rich-text (`post`) element: text runs, link texts and mention placeholders; images and the rest none. */
function postElementText(e: Obj): string {
  if (e.tag === 'text' || e.tag === 'a' || e.tag === 'md') return str(e.text) ?? '';
  if (e.tag === 'at') return str(e.user_id) ?? '';
  if (e.tag === 'emotion') return '';
  return '';
}

/**
 * The text of each message kind, from its parsed `content`. A rich-text `post` is its title and its paragraphs, one
 * line each (receive events carry `{title, content}`; a locale-keyed `{zh_cn: {…}}` body is read the same way).
 */
const TEXT_OF: Readonly<Record<string, (content: Obj) => string>> = {
  text: (c) => str(c.text) ?? '',
  post: (c) => {
    const body = Array.isArray(c.content) ? c : obj(Object.values(c).find((v) => Array.isArray(obj(v).content)));
    const paragraphs = Array.isArray(body.content) ? (body.content as unknown[]) : [];
    const lines = paragraphs.map((p) => (Array.isArray(p) ? p.map((e) => postElementText(obj(e))).join('') : ''));
    return [str(body.title) ?? '', ...lines].filter((l) => l.trim() !== '').join('\n');
  },
};

/**
 * `im.message.receive_v1`: text messages in 1:1 chats, and group messages that mention someone (Feishu only pushes
 * group messages that @mention the bot unless the app may read all group messages). Mention placeholders such as
 * `@_user_1` are removed from the text.
 */
export function feishuMessage(env: FeishuEnvelope): InboundChatMessage | undefined {
  if (env.kind !== 'event_v2' || env.eventType !== 'im.message.receive_v1') return undefined;
  const sender = obj(obj(env.event.sender).sender_id);
  const message = obj(env.event.message);
  const user = userOf(sender);
  if (!user || obj(env.event.sender).sender_type === 'app') return undefined;
  const chatType = message.chat_type === 'p2p' ? 'direct' : 'group';
  const mentions = Array.isArray(message.mentions) ? (message.mentions as Obj[]) : [];
  if (chatType === 'group' && mentions.length === 0) return undefined;
  // The tenant is in the v2 header; the long-connection SDK flattens header fields into the event.
  const tenant = str(env.header.tenant_key) ?? str(env.event.tenant_key);
  const t = tenant ? { tenant } : {};
  let content: Obj = {};
  try {
    content = obj(JSON.parse(String(message.content ?? '{}')));
  } catch {
    content = {};
  }
  // A kind we cannot read (an image, a file, a sticker) arrives as empty text: the chat answers with its help.
  const read = Object.hasOwn(TEXT_OF, String(message.message_type)) ? TEXT_OF[String(message.message_type)]! : () => '';
  let text = read(content);
  for (const m of mentions) if (str(m.key)) text = text.split(String(m.key)).join(' ');
  const chatId = str(message.chat_id) ?? '';
  return {
    platform: 'feishu',
    eventId: env.eventId,
    ...t,
    user,
    chatId,
    chatType,
    text: text.replace(/\s+/g, ' ').trim(),
    // Replies to a group go to the group; to a 1:1 chat, to the person.
    replyTo: chatType === 'group' ? `chat_id:${chatId}` : `${user.kind}:${user.id}`,
  };
}

/** `card.action.trigger`: the clicked button's `value.t` (our signed value) and any `reason` typed in the card's form. */
export function feishuCardClick(env: FeishuEnvelope): InboundCardClick | undefined {
  if (env.kind !== 'event_v2' || env.eventType !== 'card.action.trigger') return undefined;
  const operator = obj(env.event.operator);
  const action = obj(env.event.action);
  const user = userOf(operator);
  const value = str(obj(action.value).t);
  if (!user || !value) return undefined;
  const reason = str(obj(action.form_value).reason) ?? str(action.input_value);
  const context = obj(env.event.context);
  const messageId = str(context.open_message_id);
  // The clicker's tenant (operator.tenant_key); older callbacks carry it in the header or at the top of the event.
  const tenant = str(operator.tenant_key) ?? str(env.header.tenant_key) ?? str(env.event.tenant_key);
  return { platform: 'feishu', eventId: env.eventId, ...(tenant ? { tenant } : {}), user, value, ...(reason ? { reason } : {}), ...(messageId ? { messageId } : {}), replyTo: `${user.kind}:${user.id}` };
}

/** One verified Feishu event → neutral inbound: a message, a card click, or ignored (other event types). */
export function feishuInbound(env: FeishuEnvelope): Inbound {
  const message = feishuMessage(env);
  if (message) return { kind: 'message', message };
  const click = feishuCardClick(env);
  if (click) return { kind: 'click', click };
  return { kind: 'ignored', why: env.kind === 'event_v2' ? `a Feishu event we do not handle (${env.eventType.slice(0, 60)})` : 'a legacy Feishu event' };
}

/**
 * The answer Feishu shows for a click: `{toast, card?}`, the card (drafts only) rendered in the clicker's language and
 * the organisation's time zone. Approval clicks return no card: every copy is patched through the outbox.
 */
export function feishuClickAnswer(reply: ClickReply | undefined, options: RenderOptions): Record<string, unknown> {
  if (!reply) return {};
  const card = reply.view ? renderFeishuCard(reply.view, options) : undefined;
  return { toast: { type: reply.toast.type, content: reply.toast.text }, ...(card ? { card: { type: 'raw', data: card } } : {}) };
}
