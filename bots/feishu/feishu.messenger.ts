// Sending to Feishu with the official SDK: interactive cards (idempotent by uuid), card updates, text messages.
// Every call has a timeout and no retry of its own (the outbox retries); rate limits are kept to before calling
// and honoured when Feishu answers 429 / code 99991400; the tenant token is fetched once for all concurrent callers.
import { createRequire } from 'node:module';
import type * as Lark from '@larksuiteoapi/node-sdk';
import { renderFeishuCard } from '../../cards/index.js';
import type { PlatformMessenger } from '../chat/messenger.js';
import { checkDeclaredLength, readCapped, type FetchedFile, type PlatformFiles } from '../chat/files.js';
import { leanHttpInstance } from './feishu.http.js';
import { acquire, PLATFORM_LIMITS, RateLimited, RateLimiter, secondsHeader, type LimitKey, type PlatformRules } from '../chat/rate-limit.js';

export interface FeishuMessengerOptions {
  appId: string;
  appSecret: string;
  /** Base URL: https://open.feishu.cn, https://open.larksuite.com, or a local fake in tests. */
  domain: string;
  /** Per-call timeout (default 10 s). */
  timeoutMs?: number;
  /** Limits kept to before each call (default: Feishu's documented ones, see rate-limit.ts). */
  limits?: PlatformRules;
  now?: () => number;
}

/** Feishu's rate-limit answer: HTTP 429 (older APIs 400) with code 99991400 and `x-ogw-ratelimit-reset` seconds. */
const RATE_LIMITED = 99991400;
/** The token was revoked or expired early: fetch a new one on the retry. */
const TOKEN_INVALID = new Set([99991663, 99991661, 99991668]);

interface AxiosLikeError {
  response?: { status?: number; headers?: Record<string, unknown>; data?: { code?: number; msg?: string } };
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
  /**
   * A file or image of a message the bot received (im.messageResource.get, permission `im:resource`), read up to
   * `maxBytes` (FileTooLarge beyond: by Content-Length before reading, or while reading).
   */
  downloadResource(messageId: string, fileKey: string, type: 'image' | 'file', maxBytes: number): Promise<FetchedFile>;
}

/** Feishu answers HTTP 200 with a non-zero `code` on failure: turn that into an error the outbox retries. */
function check<T extends { code?: number; msg?: string }>(r: T, what: string): T {
  if (r.code === RATE_LIMITED) throw new RateLimited(1000, `Feishu ${what}`);
  if (r.code !== undefined && r.code !== 0) throw new Error(`Feishu ${what} failed: ${r.code} ${r.msg ?? ''}`.trim());
  return r;
}

/**
 * The SDK's HTTP client (the lean JSON transport of feishu.http.ts) with a timeout on every call, and Feishu's rate-limit
 * answers turned into `RateLimited` carrying `x-ogw-ratelimit-reset`. (The SDK itself sets no timeout and does not retry.)
 * No redirect is followed: the Open API answers where it is asked, and a 3xx fails the call like any other non-2xx.
 */
function boundedHttp(lark: typeof Lark, timeoutMs: number, onLimited: (e: RateLimited) => void): Lark.HttpInstance {
  const base = leanHttpInstance(lark, timeoutMs, transport());
  const wrap = <R>(p: Promise<R>): Promise<R> =>
    p.catch((e: unknown) => {
      const res = (e as AxiosLikeError).response;
      if (res && (res.status === 429 || res.data?.code === RATE_LIMITED)) {
        const limited = new RateLimited(secondsHeader(res.headers?.['x-ogw-ratelimit-reset'], 1000), `Feishu answered HTTP ${res.status} ${res.data?.code ?? ''}`.trim());
        onLimited(limited);
        throw limited;
      }
      throw e;
    });
  return {
    request: (o) => wrap(base.request(o)),
    get: (url, o) => wrap(base.get(url, o)),
    delete: (url, o) => wrap(base.delete(url, o)),
    head: (url, o) => wrap(base.head(url, o)),
    options: (url, o) => wrap(base.options(url, o)),
    post: (url, data, o) => wrap(base.post(url, data, o)),
    put: (url, data, o) => wrap(base.put(url, data, o)),
    patch: (url, data, o) => wrap(base.patch(url, data, o)),
  } as Lark.HttpInstance;
}

/**
 * The SDK logs a failed call's request body (a message's text, a card) to the console; the outbox records each failure
 * itself (kind and status only), so the SDK's own logging is off.
 */
const SILENT = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

/**
 * The Lark SDK takes about a second to load: on Node it is required when a Feishu messenger is made, not when the
 * service starts. A Worker has no require (nor `import.meta.url`): its entry bundles the SDK and hands it over, and its
 * calls then go out through `fetch`.
 */
let bundled: typeof Lark | undefined;
const larkSdk = (): typeof Lark => bundled ?? (createRequire(import.meta.url)('@larksuiteoapi/node-sdk') as typeof Lark);
const transport = (): 'node' | 'fetch' => (bundled ? 'fetch' : 'node');

/** For entries that bundle the SDK (src/worker.ts): use it instead of requiring it, and send its calls with `fetch`. */
export function useBundledLarkSdk(sdk: typeof Lark): void {
  bundled = sdk;
}

export function createFeishuMessenger(o: FeishuMessengerOptions): FeishuMessenger {
  const lark = larkSdk();
  const now = o.now ?? (() => Date.now());
  const limiter = new RateLimiter(o.limits ?? PLATFORM_LIMITS.feishu, now);
  const app: LimitKey = { scope: 'app', key: o.appId };
  // A 429 names no scope: hold back the whole app for the time Feishu gave.
  const http = boundedHttp(lark, o.timeoutMs ?? 10_000, (e) => limiter.block(app, e.retryAfterMs));
  // The SDK's own token cache fetches once per concurrent caller when the token is missing; ours fetches once for all.
  const client = new lark.Client({ appId: o.appId, appSecret: o.appSecret, domain: o.domain, loggerLevel: lark.LoggerLevel.error, logger: SILENT, httpInstance: http, disableTokenCache: true });
  const base = o.domain.replace(/\/+$/, '');
  let token: { value: string; until: number } | undefined;
  let fetching: Promise<string> | undefined;
  const tenantToken = (): Promise<string> => {
    if (token && token.until > now()) return Promise.resolve(token.value);
    fetching ??= (async () => {
      try {
        const r = (await http.post(`${base}/open-apis/auth/v3/tenant_access_token/internal`, { app_id: o.appId, app_secret: o.appSecret })) as { code?: number; msg?: string; tenant_access_token?: string; expire?: number };
        if (!r.tenant_access_token) throw new Error(`Feishu token request failed: ${r.code ?? '?'} ${r.msg ?? ''}`.trim());
        // Renewed three minutes early, as the SDK does, so no call goes out with a token about to lapse.
        token = { value: r.tenant_access_token, until: now() + Math.max(60, (r.expire ?? 7200) - 180) * 1000 };
        return token.value;
      } finally {
        fetching = undefined;
      }
    })();
    return fetching;
  };
  /** Runs one API call with the tenant token; a revoked token is forgotten so the retry fetches a new one. */
  const authed = async <T extends { code?: number; msg?: string }>(what: string, call: (opts: ReturnType<typeof lark.withTenantToken>) => Promise<T>): Promise<T> => {
    const used = await tenantToken();
    try {
      const r = await call(lark.withTenantToken(used));
      if (r.code !== undefined && TOKEN_INVALID.has(r.code) && token?.value === used) token = undefined;
      return check(r, what);
    } catch (e) {
      const code = (e as AxiosLikeError).response?.data?.code;
      if (code !== undefined && TOKEN_INVALID.has(code) && token?.value === used) token = undefined;
      throw e;
    }
  };
  const send = async (to: Address, msgType: 'interactive' | 'text', content: string, uuid: string) => {
    const { type, id } = split(to);
    await acquire(limiter, [app, { scope: 'chat', key: to }], 'Feishu send');
    const r = await authed('send', (t) => client.im.v1.message.create({ params: { receive_id_type: type }, data: { receive_id: id, msg_type: msgType, content, uuid: uuid.slice(0, 50) } }, t));
    const messageId = r.data?.message_id;
    if (!messageId) throw new Error('Feishu send answered without a message id');
    return messageId;
  };
  return {
    sendCard: (to, card, uuid) => send(to, 'interactive', JSON.stringify(card), uuid),
    sendText: (to, text, uuid) => send(to, 'text', JSON.stringify({ text }), uuid),
    async updateCard(messageId, card) {
      await acquire(limiter, [app, { scope: 'message', key: messageId }], 'Feishu update');
      await authed('update', (t) => client.im.v1.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(card) } }, t));
    },
    async downloadResource(messageId, fileKey, type, maxBytes) {
      await acquire(limiter, [app], 'Feishu resource download');
      // The download answers a stream, not `{code}`: a failure is an HTTP error the SDK throws.
      const r = (await authed('resource download', async (t) => ({ code: 0, res: await client.im.v1.messageResource.get({ path: { message_id: messageId, file_key: fileKey }, params: { type } }, t) }))).res;
      const headers = (r.headers ?? {}) as Record<string, unknown>;
      const stream = r.getReadableStream();
      try {
        checkDeclaredLength(headers['content-length'], maxBytes);
      } catch (e) {
        stream.destroy();
        throw e;
      }
      const bytes = await readCapped(stream, maxBytes, () => stream.destroy());
      const contentType = typeof headers['content-type'] === 'string' ? headers['content-type'] : undefined;
      return { bytes, ...(contentType ? { contentType } : {}) };
    },
    async openIdsFor(emails, mobiles) {
      await acquire(limiter, [app], 'Feishu contact lookup');
      const r = await authed('contact lookup', (t) => client.contact.v3.user.batchGetId({ params: { user_id_type: 'open_id' }, data: { emails, mobiles } }, t));
      return (r.data?.user_list ?? []).flatMap((u) => (u.user_id ? [{ userId: u.user_id, ...(u.email ? { email: u.email } : {}), ...(u.mobile ? { mobile: u.mobile } : {}) }] : []));
    },
  };
}

/** Files and images of messages the bot received, fetched with the SDK (type=image for images, type=file for files). */
export function createFeishuFiles(o: FeishuMessengerOptions): PlatformFiles {
  let m: FeishuMessenger | undefined;
  return {
    fetch: (a, ctx) => (m ??= createFeishuMessenger(o)).downloadResource(a.messageId, a.fileKey, a.kind, ctx.maxBytes),
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
