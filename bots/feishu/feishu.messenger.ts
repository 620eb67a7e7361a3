// Sending to Feishu with the official SDK: interactive cards (idempotent by uuid), card updates, text messages.
import { createRequire } from 'node:module';
import type * as Lark from '@larksuiteoapi/node-sdk';
import { renderFeishuCard } from '../../cards/index.js';
import type { PlatformMessenger } from '../chat/messenger.js';

export interface FeishuMessengerOptions {
  appId: string;
  appSecret: string;
  /** Base URL: https://open.feishu.cn, https://open.larksuite.com, or a local fake in tests. */
  domain: string;
}

/** `open_id:ou_…`, `union_id:on_…`, `user_id:…` or `chat_id:oc_…`. */
type Address = string;

const RECEIVE_ID_TYPES = new Set(['open_id', 'union_id', 'user_id', 'chat_id', 'email']);

function split(address: Address): { type: 'open_id' | 'union_id' | 'user_id' | 'chat_id' | 'email'; id: string } {
  const i = address.indexOf(':');
  const type = address.slice(0, i);
  if (i <= 0 || !RECEIVE_ID_TYPES.has(type)) throw new Error(`not a Feishu address: ${address}`);
  return { type: type as 'open_id', id: address.slice(i + 1) };
}

export interface FeishuMessenger {
  /** Sends a card; the same `uuid` within an hour sends it once. Returns the message id. */
  sendCard(to: Address, card: object, uuid: string): Promise<string>;
  updateCard(messageId: string, card: object): Promise<void>;
  sendText(to: Address, text: string, uuid: string): Promise<string>;
  /** Which of these emails/mobiles are which open_ids (contact API, at most 50 of each per call). */
  openIdsFor(emails: string[], mobiles: string[]): Promise<{ userId: string; email?: string; mobile?: string }[]>;
}

/** Feishu answers HTTP 200 with a non-zero `code` on failure: turn that into an error the outbox retries. */
function check<T extends { code?: number; msg?: string }>(r: T, what: string): T {
  if (r.code !== undefined && r.code !== 0) throw new Error(`Feishu ${what} failed: ${r.code} ${r.msg ?? ''}`.trim());
  return r;
}

/** The Lark SDK takes about a second to load: required when a Feishu messenger is made, not when the service starts. */
const larkSdk = (): typeof Lark => createRequire(import.meta.url)('@larksuiteoapi/node-sdk') as typeof Lark;

export function createFeishuMessenger(o: FeishuMessengerOptions): FeishuMessenger {
  const lark = larkSdk();
  const client = new lark.Client({ appId: o.appId, appSecret: o.appSecret, domain: o.domain, loggerLevel: lark.LoggerLevel.error });
  const send = async (to: Address, msgType: 'interactive' | 'text', content: string, uuid: string) => {
    const { type, id } = split(to);
    const r = check(await client.im.v1.message.create({ params: { receive_id_type: type }, data: { receive_id: id, msg_type: msgType, content, uuid: uuid.slice(0, 50) } }), 'send');
    const messageId = r.data?.message_id;
    if (!messageId) throw new Error('Feishu send answered without a message id');
    return messageId;
  };
  return {
    sendCard: (to, card, uuid) => send(to, 'interactive', JSON.stringify(card), uuid),
    sendText: (to, text, uuid) => send(to, 'text', JSON.stringify({ text }), uuid),
    async updateCard(messageId, card) {
      check(await client.im.v1.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(card) } }), 'update');
    },
    async openIdsFor(emails, mobiles) {
      const r = check(await client.contact.v3.user.batchGetId({ params: { user_id_type: 'open_id' }, data: { emails, mobiles } }), 'contact lookup');
      return (r.data?.user_list ?? []).flatMap((u) => (u.user_id ? [{ userId: u.user_id, ...(u.email ? { email: u.email } : {}), ...(u.mobile ? { mobile: u.mobile } : {}) }] : []));
    },
  };
}

/** The outbox's view of Feishu: card JSON 2.0 from the view model, sent and patched through the SDK. */
export function createFeishuPlatform(o: FeishuMessengerOptions): PlatformMessenger {
  const m = createFeishuMessenger(o);
  return {
    render: (view, options) => renderFeishuCard(view, options),
    sendCard: (address, card, key) => m.sendCard(address, card as object, key),
    updateCard: (messageId, card) => m.updateCard(messageId, card as object),
    sendText: (address, text, key) => m.sendText(address, text, key),
  };
}
