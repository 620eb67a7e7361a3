// Sending to DingTalk's Open API: card instances (create-and-deliver, update) and 1:1 / group robot messages, with
// the access token cached until shortly before it expires.
import { renderDingTalkCard } from '../../cards/index.js';
import type { PlatformMessenger } from '../chat/messenger.js';

export interface DingTalkMessengerOptions {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  /** The card template (created in DingTalk's card platform) whose variables take our cardParamMap. */
  cardTemplateId: string;
  /** Open API base, https://api.dingtalk.com or a fake. */
  apiUrl: string;
  now?: () => number;
}

export function createDingTalkPlatform(o: DingTalkMessengerOptions): PlatformMessenger {
  const base = o.apiUrl.replace(/\/+$/, '');
  const now = o.now ?? (() => Date.now());
  let token: { value: string; until: number } | undefined;

  const accessToken = async () => {
    if (token && token.until > now()) return token.value;
    const r = await call('POST', '/v1.0/oauth2/accessToken', { appKey: o.clientId, appSecret: o.clientSecret }, false);
    const t = r as { accessToken?: string; expireIn?: number };
    if (!t.accessToken) throw new Error('DingTalk answered the token request without a token');
    token = { value: t.accessToken, until: now() + Math.max(60, (t.expireIn ?? 7200) - 300) * 1000 };
    return token.value;
  };

  async function call(method: string, path: string, body: unknown, authed = true): Promise<unknown> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (authed) headers['x-acs-dingtalk-access-token'] = await accessToken();
    const res = await fetch(`${base}${path}`, { method, headers, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    if (res.status === 401) token = undefined; // rotated or revoked: fetch a new one on the retry
    if (!res.ok) throw new Error(`DingTalk ${method} ${path} answered HTTP ${res.status}: ${text.slice(0, 200)}`);
    return text ? (JSON.parse(text) as unknown) : {};
  }

  /** `user:<staffId>` or `group:<openConversationId>`. */
  const split = (address: string) => {
    const [kind, ...rest] = address.split(':');
    const id = rest.join(':');
    if ((kind !== 'user' && kind !== 'group') || !id) throw new Error(`not a DingTalk address: ${address}`);
    return { kind, id };
  };

  return {
    render: (view, options) => renderDingTalkCard(view, options),
    async sendCard(address, card, key) {
      const { kind, id } = split(address);
      const outTrackId = `spend_${key}`;
      await call('POST', '/v1.0/card/instances/createAndDeliver', {
        cardTemplateId: o.cardTemplateId,
        outTrackId,
        cardData: { cardParamMap: (card as { cardParamMap: Record<string, string> }).cardParamMap },
        callbackType: 'STREAM',
        openSpaceId: kind === 'user' ? `dtv1.card//IM_ROBOT.${id}` : `dtv1.card//IM_GROUP.${id}`,
        ...(kind === 'user' ? { imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT' } } : { imGroupOpenDeliverModel: { robotCode: o.robotCode } }),
        userIdType: 1,
      });
      return outTrackId;
    },
    async updateCard(messageId, card) {
      await call('PUT', '/v1.0/card/instances', {
        outTrackId: messageId,
        cardData: { cardParamMap: (card as { cardParamMap: Record<string, string> }).cardParamMap },
        cardUpdateOptions: { updateCardDataByKey: true },
      });
    },
    async sendText(address, text, key) {
      const { kind, id } = split(address);
      const msg = { robotCode: o.robotCode, msgKey: 'sampleText', msgParam: JSON.stringify({ content: text }) };
      if (kind === 'user') await call('POST', '/v1.0/robot/oToMessages/batchSend', { ...msg, userIds: [id] });
      else await call('POST', '/v1.0/robot/groupMessages/send', { ...msg, openConversationId: id });
      return `text_${key}`;
    },
  };
}
