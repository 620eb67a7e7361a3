// Sending to DingTalk's Open API: card instances (create-and-deliver, update) and 1:1 / group robot messages, with
// the access token cached until shortly before it expires.
import { renderDingTalkCard } from '../../cards/index.js';
import type { PlatformMessenger } from '../chat/messenger.js';
import type { GuardedGet, PlatformFiles } from '../chat/files.js';
import { acquire, PLATFORM_LIMITS, RateLimited, RateLimiter, secondsHeader, type PlatformRules } from '../chat/rate-limit.js';

export interface DingTalkMessengerOptions {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  /** The card template (created in DingTalk's card platform) whose variables take our cardParamMap. */
  cardTemplateId: string;
  /** Open API base, https://api.dingtalk.com or a fake. */
  apiUrl: string;
  now?: () => number;
  /** Limits kept to before each call (default: DingTalk's documented ones, see rate-limit.ts). */
  limits?: PlatformRules;
}

/**
 * DingTalk's answer when an app calls too often: HTTP 403 with a code such as `Forbidden.AccessDenied.QpsLimitForApi`
 * or `…QpsLimitForAppkeyAndApi` (or a plain 429). It sends no retry-after; a second is the documented QPS window.
 */
const isQpsLimit = (status: number, text: string) => status === 429 || (status === 403 && /QpsLimit/i.test(text));

/** The Open API with a cached access token, shared by the messenger and the contact lookup. */
function openApi(o: Pick<DingTalkMessengerOptions, 'clientId' | 'clientSecret' | 'apiUrl' | 'now' | 'limits'>) {
  const base = o.apiUrl.replace(/\/+$/, '');
  const now = o.now ?? (() => Date.now());
  const limiter = new RateLimiter(o.limits ?? PLATFORM_LIMITS.dingtalk, now);
  const app = { scope: 'app' as const, key: o.clientId };
  let token: { value: string; until: number } | undefined;
  let fetching: Promise<string> | undefined;

  /** Fetched once for every concurrent caller (single-flight), cached until shortly before it expires. */
  const accessToken = (): Promise<string> => {
    if (token && token.until > now()) return Promise.resolve(token.value);
    fetching ??= (async () => {
      try {
        const r = await call('POST', '/v1.0/oauth2/accessToken', { appKey: o.clientId, appSecret: o.clientSecret }, false);
        const t = r as { accessToken?: string; expireIn?: number };
        if (!t.accessToken) throw new Error('DingTalk answered the token request without a token');
        token = { value: t.accessToken, until: now() + Math.max(60, (t.expireIn ?? 7200) - 300) * 1000 };
        return token.value;
      } finally {
        fetching = undefined;
      }
    })();
    return fetching;
  };

  async function call(method: string, path: string, body: unknown, authed = true): Promise<unknown> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (authed) {
      headers['x-acs-dingtalk-access-token'] = await accessToken();
      await acquire(limiter, [app], `DingTalk ${method} ${path}`);
    }
    const res = await fetch(`${base}${path}`, { method, headers, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    if (res.status === 401) token = undefined; // rotated or revoked: fetch a new one on the retry
    if (isQpsLimit(res.status, text)) {
      const limited = new RateLimited(secondsHeader(res.headers.get('retry-after'), 1000), `DingTalk ${method} ${path} answered HTTP ${res.status}`);
      limiter.block(app, limited.retryAfterMs);
      throw limited;
    }
    if (!res.ok) throw new Error(`DingTalk ${method} ${path} answered HTTP ${res.status}: ${text.slice(0, 200)}`);
    return text ? (JSON.parse(text) as unknown) : {};
  }
  return { call, accessToken };
}

export function createDingTalkPlatform(o: DingTalkMessengerOptions): PlatformMessenger {
  const { call } = openApi(o);

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

/**
 * The email and mobile of a staff member, from the contact API on oapi.dingtalk.com (`topapi/v2/user/get`, which
 * takes the same app access token as a query parameter), for auto-linking people the bot does not know yet.
 */
export function createDingTalkContacts(o: Pick<DingTalkMessengerOptions, 'clientId' | 'clientSecret' | 'apiUrl' | 'now' | 'limits'> & { oapiUrl: string }) {
  const { accessToken } = openApi(o);
  const oapi = o.oapiUrl.replace(/\/+$/, '');
  return {
    async contactOf(userId: string): Promise<{ email?: string; mobile?: string } | undefined> {
      const res = await fetch(`${oapi}/topapi/v2/user/get?access_token=${encodeURIComponent(await accessToken())}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userid: userId, language: 'zh_CN' }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await res.json()) as { errcode?: number; errmsg?: string; result?: { email?: string; org_email?: string; mobile?: string } };
      if (body.errcode === 60121) return undefined; // no such user
      if (!res.ok || body.errcode !== 0) throw new Error(`DingTalk user lookup failed: ${body.errcode ?? res.status} ${body.errmsg ?? ''}`.trim());
      const r = body.result ?? {};
      const email = r.email || r.org_email;
      return { ...(email ? { email } : {}), ...(r.mobile ? { mobile: r.mobile } : {}) };
    },
  };
}

/**
 * Files and pictures sent to the robot: `POST /v1.0/robot/messageFiles/download` with the message's downloadCode and
 * the robot code answers a short-lived `downloadUrl`, which is fetched with `get` — the caller's guarded GET, since
 * the URL comes from an answer and must never reach an internal address.
 */
export function createDingTalkFiles(o: Pick<DingTalkMessengerOptions, 'clientId' | 'clientSecret' | 'apiUrl' | 'now' | 'limits' | 'robotCode'>, get: GuardedGet): PlatformFiles {
  const { call } = openApi(o);
  return {
    async fetch(a, ctx) {
      const r = (await call('POST', '/v1.0/robot/messageFiles/download', { downloadCode: a.fileKey, robotCode: o.robotCode })) as { downloadUrl?: unknown };
      if (typeof r.downloadUrl !== 'string' || r.downloadUrl === '') throw new Error('DingTalk answered the file download without a downloadUrl');
      return get(r.downloadUrl, { maxBytes: ctx.maxBytes });
    },
  };
}
