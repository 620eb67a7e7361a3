// Feishu v2 events → platform-neutral messages and card clicks. Pure; every event is parsed with zod, and a table of
// message kinds reads the text (with an explicit fallback); unknown event types come back `ignored`.
import { z } from 'zod';
import type { ClickReply, Inbound, InboundAttachment, InboundCardClick, InboundChatMessage } from '../chat/inbound.js';
import { renderFeishuCard } from '../../cards/index.js';
import type { RenderOptions } from '../../cards/view-model.js';
import type { FeishuEnvelope } from './feishu.verify.js';

/** Sender / operator ids: open_id (app-scoped) first, then union_id, then user_id. */
const Ids = z.object({ open_id: z.string().optional(), union_id: z.string().optional(), user_id: z.string().optional(), tenant_key: z.string().optional() });

function userOf(ids: z.infer<typeof Ids>): { kind: string; id: string } | undefined {
  for (const kind of ['open_id', 'union_id', 'user_id'] as const) {
    const id = ids[kind];
    if (id) return { kind, id };
  }
  return undefined;
}

const MessageEvent = z.object({
  sender: z.object({ sender_id: Ids, sender_type: z.string().optional(), tenant_key: z.string().optional() }),
  message: z.object({
    message_id: z.string().optional(),
    chat_id: z.string().default(''),
    chat_type: z.string().default('p2p'),
    message_type: z.string().default('text'),
    content: z.string().default('{}'),
    mentions: z.array(z.object({ key: z.string().optional() }).loose()).default([]),
  }),
  tenant_key: z.string().optional(),
});

const CardEvent = z.object({
  operator: Ids,
  action: z.object({ value: z.object({ t: z.string().min(1) }).loose(), form_value: z.object({ reason: z.string().optional() }).loose().nullish(), input_value: z.string().optional() }).loose(),
  context: z.object({ open_message_id: z.string().optional() }).loose().optional(),
  tenant_key: z.string().optional(),
});

/** A rich-text element: text runs, link texts and mention placeholders carry text; images, emotions and the rest none. */
const PostElement = z.object({ tag: z.string(), text: z.string().optional(), user_id: z.string().optional() }).loose();
const PostBody = z.object({ title: z.string().optional(), content: z.array(z.array(PostElement)) });
const ELEMENT_TEXT: Readonly<Record<string, (e: z.infer<typeof PostElement>) => string>> = {
  text: (e) => e.text ?? '',
  a: (e) => e.text ?? '',
  md: (e) => e.text ?? '',
  at: (e) => e.user_id ?? '',
};

/**
 * The text of each message kind, from its `content` JSON. A rich-text `post` is its title and its paragraphs, one
 * line each (receive events carry `{title, content}`; a locale-keyed `{zh_cn: {…}}` body is read the same way). A kind
 * not in the table (an image, a file, a sticker) is empty text: the chat answers with its help.
 */
const TEXT_OF: Readonly<Record<string, (content: unknown) => string>> = {
  text: (c) => z.object({ text: z.string() }).safeParse(c).data?.text ?? '',
  post: (c) => {
    const direct = PostBody.safeParse(c);
    const body = direct.success ? direct.data : Object.values(z.record(z.string(), z.unknown()).safeParse(c).data ?? {}).map((v) => PostBody.safeParse(v).data).find(Boolean);
    if (!body) return '';
    const lines = body.content.map((p) => p.map((e) => (Object.hasOwn(ELEMENT_TEXT, e.tag) ? ELEMENT_TEXT[e.tag]!(e) : '')).join(''));
    return [body.title ?? '', ...lines].filter((l) => l.trim() !== '').join('\n');
  },
};

/**
 * The file of each message kind that carries one: an `image` is `{image_key}` (fetched with type=image), a `file` is
 * `{file_key, file_name}` (type=file). Feishu's receive event declares neither type nor size: both are learnt on download.
 */
const FILE_OF: Readonly<Record<string, (content: unknown, messageId: string) => InboundAttachment | undefined>> = {
  image: (c, messageId) => {
    const key = z.object({ image_key: z.string().min(1) }).safeParse(c).data?.image_key;
    return key ? { fileKey: key, messageId, kind: 'image' } : undefined;
  },
  file: (c, messageId) => {
    const f = z.object({ file_key: z.string().min(1), file_name: z.string().optional() }).safeParse(c).data;
    return f ? { fileKey: f.file_key, messageId, kind: 'file', ...(f.file_name ? { name: f.file_name } : {}) } : undefined;
  },
};

const parseJson = (s: string): unknown => {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
};

/**
 * `im.message.receive_v1`: text messages in 1:1 chats, and group messages that mention someone (Feishu only pushes
 * group messages that @mention the bot unless the app may read all group messages). Mention placeholders such as
 * `@_user_1` are removed from the text.
 */
export function feishuMessage(env: FeishuEnvelope): InboundChatMessage | undefined {
  if (env.kind !== 'event_v2' || env.eventType !== 'im.message.receive_v1') return undefined;
  const parsed = MessageEvent.safeParse(env.event);
  if (!parsed.success) return undefined;
  const { sender, message } = parsed.data;
  const user = userOf(sender.sender_id);
  if (!user || sender.sender_type === 'app') return undefined;
  const chatType = message.chat_type === 'p2p' ? 'direct' : 'group';
  if (chatType === 'group' && message.mentions.length === 0) return undefined;
  // The tenant is in the v2 header; the long-connection SDK flattens header fields into the event.
  const tenant = env.header.tenant_key || parsed.data.tenant_key || sender.tenant_key;
  const read = Object.hasOwn(TEXT_OF, message.message_type) ? TEXT_OF[message.message_type]! : () => '';
  const content = parseJson(message.content);
  let text = read(content);
  const attachment = Object.hasOwn(FILE_OF, message.message_type) && message.message_id ? FILE_OF[message.message_type]!(content, message.message_id) : undefined;
  for (const m of message.mentions) if (m.key) text = text.split(m.key).join(' ');
  return {
    platform: 'feishu',
    eventId: env.eventId,
    ...(tenant ? { tenant } : {}),
    user,
    chatId: message.chat_id,
    chatType,
    text: text.replace(/\s+/g, ' ').trim(),
    ...(attachment ? { attachment } : {}),
    // Replies to a group go to the group; to a 1:1 chat, to the person.
    replyTo: chatType === 'group' ? `chat_id:${message.chat_id}` : `${user.kind}:${user.id}`,
  };
}

/**
 * `card.action.trigger`: the clicked button's `value.t` (our signed value), any `reason` typed in the card's form, and
 * the other fields of a submitted form.
 */
export function feishuCardClick(env: FeishuEnvelope): InboundCardClick | undefined {
  if (env.kind !== 'event_v2' || env.eventType !== 'card.action.trigger') return undefined;
  const parsed = CardEvent.safeParse(env.event);
  if (!parsed.success) return undefined;
  const { operator, action, context } = parsed.data;
  const user = userOf(operator);
  if (!user) return undefined;
  const reason = action.form_value?.reason || action.input_value || undefined;
  // Any other inputs of a submitted card form (the payee form, the visit form), as text: a multi-select's list comma-joined.
  const fields = Object.fromEntries(Object.entries(action.form_value ?? {}).flatMap(([k, v]): [string, string][] =>
    k === 'reason' ? [] : typeof v === 'string' ? [[k, v]] : Array.isArray(v) && v.every((x) => typeof x === 'string') ? [[k, v.join(',')]] : []));
  const form = Object.keys(fields).length > 0 ? { form: fields } : {};
  const messageId = context?.open_message_id || undefined;
  // The clicker's tenant (operator.tenant_key); older callbacks carry it in the header or at the top of the event.
  const tenant = operator.tenant_key || env.header.tenant_key || parsed.data.tenant_key;
  return { platform: 'feishu', eventId: env.eventId, ...(tenant ? { tenant } : {}), user, value: action.value.t, ...(reason ? { reason } : {}), ...form, ...(messageId ? { messageId } : {}), replyTo: `${user.kind}:${user.id}` };
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
 * The answer Feishu shows for a click: `{toast, card?}`, the card (a draft, or the clicker's copy of an approval card)
 * rendered in the clicker's language and the organisation's time zone; Feishu replaces the clicked card with it.
 */
export function feishuClickAnswer(reply: ClickReply | undefined, options: RenderOptions): Record<string, unknown> {
  if (!reply) return {};
  const card = reply.view ? renderFeishuCard(reply.view, options) : undefined;
  return { toast: { type: reply.toast.type, content: reply.toast.text }, ...(card ? { card: { type: 'raw', data: card } } : {}) };
}
