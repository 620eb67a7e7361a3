// DingTalk robot messages and card callbacks → platform-neutral messages and clicks. Pure; parsed with zod.
import { z } from 'zod';
import type { ClickReply, Inbound, InboundAttachment, InboundCardClick, InboundChatMessage } from '../chat/inbound.js';
import { renderDingTalkCard } from '../../cards/index.js';
import type { RenderOptions } from '../../cards/view-model.js';

type Obj = Record<string, unknown>;

/** A JSON string field parsed, or the value itself when DingTalk sent an object (older callbacks do). */
const jsonField = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return undefined;
    }
  }, schema);

const RobotMessage = z.object({
  msgId: z.string().min(1),
  senderStaffId: z.string().min(1),
  conversationType: z.string().optional(),
  conversationId: z.string().optional(),
  msgtype: z.string().default('text'),
  chatbotCorpId: z.string().optional(),
  senderCorpId: z.string().optional(),
  // Read per kind (TEXT_OF): a body of one kind with an odd field of another still arrives, with empty text.
  text: z.unknown().optional(),
  content: z.unknown().optional(),
});
const TextBody = z.object({ content: z.string() });
const RichTextBody = z.object({ richText: z.array(z.object({ text: z.string().optional() }).loose()) });

/**
 * The text of each robot message kind; a kind not in the table (a picture, audio, a file) is empty text. Rich text is
 * `content.richText`, a list of runs: text runs are kept in order, pictures (`downloadCode`) dropped.
 */
const TEXT_OF: Readonly<Record<string, (m: z.infer<typeof RobotMessage>) => string>> = {
  text: (m) => TextBody.safeParse(m.text).data?.content ?? '',
  richText: (m) => (RichTextBody.safeParse(m.content).data?.richText ?? []).map((r) => r.text ?? '').join(''),
};

const PictureBody = z.object({ downloadCode: z.string().min(1) }).loose();
const FileBody = z.object({ downloadCode: z.string().min(1), fileName: z.string().optional() }).loose();

/**
 * The file of each robot message kind that carries one: a `picture` (`content.downloadCode`) or a `file`
 * (`content.downloadCode`, `fileName`). The robot fetches it with its downloadCode (robot/messageFiles/download);
 * DingTalk declares no size or type.
 */
const FILE_OF: Readonly<Record<string, (m: z.infer<typeof RobotMessage>) => InboundAttachment | undefined>> = {
  picture: (m) => {
    const b = PictureBody.safeParse(m.content).data;
    return b ? { fileKey: b.downloadCode, messageId: m.msgId, kind: 'image' } : undefined;
  },
  file: (m) => {
    const b = FileBody.safeParse(m.content).data;
    return b ? { fileKey: b.downloadCode, messageId: m.msgId, kind: 'file', ...(b.fileName ? { name: b.fileName } : {}) } : undefined;
  },
};

/**
 * A robot message (topic /v1.0/im/bot/messages/get, or the HTTP-mode callback body). `conversationType` "1" is a 1:1
 * chat, "2" a group (DingTalk only pushes group messages that @ the robot). Replies: `user:<staffId>` or
 * `group:<openConversationId>`.
 */
export function dingtalkMessage(data: Obj): InboundChatMessage | undefined {
  const parsed = RobotMessage.safeParse(data);
  if (!parsed.success) return undefined;
  const m = parsed.data;
  const direct = m.conversationType !== '2';
  const conversationId = m.conversationId || m.senderStaffId;
  const text = Object.hasOwn(TEXT_OF, m.msgtype) ? TEXT_OF[m.msgtype]!(m) : '';
  const attachment = Object.hasOwn(FILE_OF, m.msgtype) ? FILE_OF[m.msgtype]!(m) : undefined;
  // The corp the robot is installed in decides the organisation; the sender's corp when DingTalk leaves it out.
  const tenant = m.chatbotCorpId || m.senderCorpId;
  return {
    platform: 'dingtalk',
    eventId: m.msgId,
    ...(tenant ? { tenant } : {}),
    user: { kind: 'user_id', id: m.senderStaffId },
    chatId: conversationId,
    chatType: direct ? 'direct' : 'group',
    text: text.replace(/\s+/g, ' ').trim(),
    ...(attachment ? { attachment } : {}),
    replyTo: direct ? `user:${m.senderStaffId}` : `group:${conversationId}`,
  };
}

const CardCallback = z.object({
  userId: z.string().min(1),
  outTrackId: z.string().min(1),
  corpId: z.string().optional(),
  content: jsonField(
    z.object({
      cardPrivateData: z.object({
        actionIds: z.array(z.string()).default([]),
        params: z.object({ t: z.string().min(1), reason: z.string().optional() }).loose(),
      }),
    }),
  ),
});

/**
 * A card callback (topic /v1.0/card/instances/callback): `content` is a JSON string whose
 * `cardPrivateData.params` carries our button value `t` (and `reason` where the template has an input).
 */
export function dingtalkCardClick(data: Obj): InboundCardClick | undefined {
  const parsed = CardCallback.safeParse(data);
  if (!parsed.success) return undefined;
  const { userId, outTrackId, corpId } = parsed.data;
  const { actionIds, params } = parsed.data.content.cardPrivateData;
  const reason = params.reason || undefined;
  return {
    platform: 'dingtalk',
    ...(corpId ? { tenant: corpId } : {}),
    // DingTalk gives a click no id of its own: card, clicker, button and value identify it.
    eventId: `${outTrackId}:${userId}:${actionIds.join(',')}:${params.t.slice(-16)}`,
    user: { kind: 'user_id', id: userId },
    value: params.t,
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
