// Builders for what the DingTalk Stream gateway pushes: frame envelopes, robot messages and card callbacks, shaped as the SDK receives them.
import { randomUUID } from 'node:crypto';

export const ROBOT_MESSAGE_TOPIC = '/v1.0/im/bot/messages/get';
export const CARD_CALLBACK_TOPIC = '/v1.0/card/instances/callback';

export type FrameType = 'SYSTEM' | 'EVENT' | 'CALLBACK';

/** A frame as the gateway sends it (`DWClientDownStream` in the SDK); `data` is a JSON string. */
export interface DownstreamFrame {
  readonly specVersion: '1.0';
  readonly type: FrameType;
  readonly headers: Readonly<Record<string, string>>;
  readonly data: string;
}

export interface FrameContext {
  readonly appId: string;
  readonly connectionId: string;
}

/** Wraps `data` in a frame with a fresh messageId; EVENT frames also carry event headers. */
export function frame(type: FrameType, topic: string, data: unknown, ctx: FrameContext, extraHeaders: Record<string, string> = {}): DownstreamFrame {
  return {
    specVersion: '1.0',
    type,
    headers: {
      appId: ctx.appId,
      connectionId: ctx.connectionId,
      contentType: 'application/json',
      messageId: `${type.toLowerCase()}-${randomUUID()}`,
      time: String(Date.now()),
      topic,
      ...extraHeaders,
    },
    data: typeof data === 'string' ? data : JSON.stringify(data),
  };
}

export interface RobotMessageInput {
  readonly senderStaffId: string;
  readonly text: string;
  /** "1" one-to-one (default), "2" group. */
  readonly conversationType?: '1' | '2';
  readonly senderNick?: string;
  readonly conversationId?: string;
  readonly conversationTitle?: string;
  readonly msgId?: string;
  readonly isAdmin?: boolean;
  /** Group only: whether the robot was @-mentioned (default true in groups, as only @-messages reach a group robot). */
  readonly isInAtList?: boolean;
  readonly atUsers?: ReadonlyArray<{ dingtalkId: string; staffId?: string }>;
  readonly createAt?: number;
  /** Another kind than text (`picture`, `file`) with its `content` (`{downloadCode}`, `{downloadCode, fileName}`). */
  readonly msgtype?: string;
  readonly content?: Readonly<Record<string, unknown>>;
}

export interface RobotContext {
  readonly robotCode: string;
  readonly corpId: string;
  readonly chatbotUserId: string;
  /** Base of the session webhook URL, e.g. `${fake.url}/robot/sendBySession`. */
  readonly sessionWebhookBase: string;
}

/** The `data` of a robot message CALLBACK (topic {@link ROBOT_MESSAGE_TOPIC}). */
export function robotMessageData(input: RobotMessageInput, ctx: RobotContext): Record<string, unknown> {
  const group = input.conversationType === '2';
  const createAt = input.createAt ?? Date.now();
  const session = randomUUID();
  return {
    conversationId: input.conversationId ?? (group ? 'cidFakeGroup0001' : `cidFakeP2P${input.senderStaffId}`),
    ...(group ? { conversationTitle: input.conversationTitle ?? 'Fake group', isInAtList: input.isInAtList ?? true } : {}),
    atUsers: input.atUsers ?? (group ? [{ dingtalkId: ctx.chatbotUserId }] : []),
    chatbotCorpId: ctx.corpId,
    chatbotUserId: ctx.chatbotUserId,
    msgId: input.msgId ?? `msg${randomUUID().replace(/-/g, '')}`,
    senderNick: input.senderNick ?? input.senderStaffId,
    isAdmin: input.isAdmin ?? false,
    senderStaffId: input.senderStaffId,
    sessionWebhookExpiredTime: createAt + 90 * 60 * 1000,
    createAt,
    senderCorpId: ctx.corpId,
    conversationType: input.conversationType ?? '1',
    senderId: `$:LWCP_v1:$fake${input.senderStaffId}`,
    sessionWebhook: `${ctx.sessionWebhookBase}?session=${session}`,
    ...(input.msgtype && input.msgtype !== 'text' ? { content: input.content ?? {} } : { text: { content: input.text } }),
    robotCode: ctx.robotCode,
    msgtype: input.msgtype ?? 'text',
  };
}

export interface CardCallbackInput {
  readonly outTrackId: string;
  readonly userId: string;
  readonly actionIds?: readonly string[];
  readonly params?: Readonly<Record<string, unknown>>;
  readonly spaceType?: string;
  readonly spaceId?: string;
  readonly extension?: Readonly<Record<string, unknown>>;
}

/** The `data` of a card action CALLBACK (topic {@link CARD_CALLBACK_TOPIC}); `content` and `extension` are JSON strings, as sent. */
export function cardCallbackData(input: CardCallbackInput, ctx: { readonly corpId: string }): Record<string, unknown> {
  return {
    type: 'actionCallback',
    outTrackId: input.outTrackId,
    corpId: ctx.corpId,
    userId: input.userId,
    userIdType: 1,
    spaceType: input.spaceType ?? 'IM',
    spaceId: input.spaceId ?? `dtv1.card//IM_ROBOT.${input.userId}`,
    extension: JSON.stringify(input.extension ?? {}),
    content: JSON.stringify({ cardPrivateData: { actionIds: input.actionIds ?? [], params: input.params ?? {} } }),
  };
}
