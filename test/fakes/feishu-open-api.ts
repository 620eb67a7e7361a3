// A loopback Feishu/Lark Open API for the real @larksuiteoapi/node-sdk: tenant token, send/patch/reply messages (uuid-idempotent), contact id lookup.
import { createHash } from 'node:crypto';
import { HttpFake, type FakeReply, type FakeRequest } from './http-fake.js';

export interface FeishuFakeUser {
  readonly openId: string;
  readonly userId?: string;
  readonly unionId?: string;
  readonly email?: string;
  readonly mobile?: string;
}

export interface FeishuFakeMessage {
  readonly messageId: string;
  readonly receiveIdType: string;
  readonly receiveId: string;
  readonly chatId: string;
  readonly msgType: string;
  /** The current content (a JSON string, as sent); PATCH replaces it. */
  content: string;
  /** Every content this message has had, oldest first. */
  readonly history: string[];
  readonly uuid?: string;
  readonly parentId?: string;
  readonly createTime: string;
  updateTime: string;
}

export interface FeishuFakeOptions {
  /** The one app this fake knows; the token endpoint refuses other credentials. */
  readonly appId?: string;
  readonly appSecret?: string;
  readonly tenantKey?: string;
  readonly users?: readonly FeishuFakeUser[];
}

const RECEIVE_ID_TYPES = new Set(['open_id', 'union_id', 'user_id', 'chat_id', 'email']);
const OK = (data: unknown): FakeReply => ({ body: { code: 0, msg: 'success', data } });
/** Feishu answers business errors with HTTP 400 and a numeric code (the SDK's axios then throws). */
const FAIL = (code: number, msg: string, status = 400): FakeReply => ({ status, body: { code, msg } });

/**
 * Point the SDK at it with `new lark.Client({ appId, appSecret, domain: fake.url })`.
 * Tokens are derived from the credentials, so a token the SDK cached from an earlier fake with the same app stays valid;
 * `expireTokens()` invalidates them all (the next API call fails with 99991663, as Feishu does).
 */
export class FeishuOpenApiFake extends HttpFake {
  readonly appId: string;
  readonly appSecret: string;
  readonly tenantKey: string;
  /** Files of messages users sent the bot, by `<message_id>/<file_key>`: what im.messageResource.get serves. */
  readonly resources = new Map<string, { bytes: Uint8Array; contentType: string; type: 'image' | 'file' }>();
  /** Sent messages by message_id, in the order created. */
  readonly messages = new Map<string, FeishuFakeMessage>();
  readonly users: FeishuFakeUser[];
  private generation = 0;
  private seq = 0;
  private readonly byUuid = new Map<string, string>();

  constructor(opts: FeishuFakeOptions = {}) {
    super();
    this.appId = opts.appId ?? 'cli_fake_app';
    this.appSecret = opts.appSecret ?? 'fake-app-secret';
    this.tenantKey = opts.tenantKey ?? 'fake_tenant';
    this.users = [...(opts.users ?? [])];
    this.route('auth.tenant_access_token', 'POST', '/open-apis/auth/v3/tenant_access_token/internal', (r) => this.token(r));
    this.route('im.message.create', 'POST', '/open-apis/im/v1/messages', (r) => this.authed(r, () => this.create(r)));
    this.route('im.message.patch', 'PATCH', '/open-apis/im/v1/messages/:message_id', (r) => this.authed(r, () => this.patch(r)));
    this.route('im.message.reply', 'POST', '/open-apis/im/v1/messages/:message_id/reply', (r) => this.authed(r, () => this.reply(r)));
    this.route('im.messageResource.get', 'GET', '/open-apis/im/v1/messages/:message_id/resources/:file_key', (r) => this.authed(r, () => this.resource(r)));
    this.route('contact.user.batchGetId', 'POST', '/open-apis/contact/v3/users/batch_get_id', (r) => this.authed(r, () => this.batchGetId(r)));
  }

  /** The tenant_access_token currently valid for this fake's app. */
  get currentToken(): string {
    return `t-${createHash('sha256').update(`${this.appId}:${this.appSecret}:${this.generation}`).digest('hex').slice(0, 40)}`;
  }

  /** Revokes every issued token; the SDK keeps using its cached one until it expires, as it would against Feishu. */
  expireTokens(): void {
    this.generation += 1;
  }

  /** A file (type=file) or image (type=image) of a message a user sent, for im.messageResource.get to serve. */
  addResource(messageId: string, fileKey: string, bytes: Uint8Array, o: { type?: 'image' | 'file'; contentType?: string } = {}): void {
    this.resources.set(`${messageId}/${fileKey}`, { bytes, contentType: o.contentType ?? 'application/octet-stream', type: o.type ?? 'file' });
  }

  addUser(user: FeishuFakeUser): void {
    this.users.push(user);
  }

  /** Messages sent to one receiver (or replies to one message, with `parentId`). */
  messagesTo(receiveId: string): FeishuFakeMessage[] {
    return [...this.messages.values()].filter((m) => m.receiveId === receiveId);
  }

  private token(r: FakeRequest): FakeReply {
    const b = (r.body ?? {}) as { app_id?: unknown; app_secret?: unknown };
    if (b.app_id !== this.appId || b.app_secret !== this.appSecret) return FAIL(10014, 'app secret invalid');
    // The token answer is flat (no `data`), unlike every other API.
    return { body: { code: 0, msg: 'ok', tenant_access_token: this.currentToken, expire: 7200 } };
  }

  private authed(r: FakeRequest, next: () => FakeReply): FakeReply {
    const auth = r.headers.authorization;
    if (auth !== `Bearer ${this.currentToken}`) return FAIL(99991663, 'Invalid access token for authorization. Please make a request with token attached.');
    return next();
  }

  private store(m: Omit<FeishuFakeMessage, 'messageId' | 'history' | 'createTime' | 'updateTime' | 'chatId'> & { chatId?: string }): FeishuFakeMessage {
    this.seq += 1;
    const now = String(Date.now());
    const messageId = `om_fake_${this.seq.toString().padStart(6, '0')}`;
    const chatId = m.chatId ?? (m.receiveIdType === 'chat_id' ? m.receiveId : `oc_p2p_${createHash('sha1').update(m.receiveId).digest('hex').slice(0, 16)}`);
    const message: FeishuFakeMessage = { ...m, chatId, messageId, history: [m.content], createTime: now, updateTime: now };
    this.messages.set(messageId, message);
    if (m.uuid) this.byUuid.set(m.uuid, messageId);
    return message;
  }

  private view(m: FeishuFakeMessage) {
    return {
      message_id: m.messageId,
      ...(m.parentId ? { root_id: m.parentId, parent_id: m.parentId } : {}),
      msg_type: m.msgType,
      create_time: m.createTime,
      update_time: m.updateTime,
      deleted: false,
      updated: m.history.length > 1,
      chat_id: m.chatId,
      sender: { id: this.appId, id_type: 'app_id', sender_type: 'app', tenant_key: this.tenantKey },
      body: { content: m.content },
    };
  }

  private validContent(content: unknown): content is string {
    if (typeof content !== 'string' || content === '') return false;
    try {
      JSON.parse(content);
      return true;
    } catch {
      return false;
    }
  }

  private create(r: FakeRequest): FakeReply {
    const receiveIdType = r.query.receive_id_type ?? '';
    const b = (r.body ?? {}) as { receive_id?: unknown; msg_type?: unknown; content?: unknown; uuid?: unknown };
    if (!RECEIVE_ID_TYPES.has(receiveIdType)) return FAIL(99992402, 'field validation failed: receive_id_type');
    if (typeof b.receive_id !== 'string' || b.receive_id === '' || typeof b.msg_type !== 'string') return FAIL(99992402, 'field validation failed');
    if (!this.validContent(b.content)) return FAIL(230001, 'Your request contains an invalid request parameter: content is not a JSON string.');
    // Same uuid → the same message, no second send (Feishu dedupes a uuid for one hour).
    const uuid = typeof b.uuid === 'string' && b.uuid !== '' ? b.uuid : undefined;
    const existing = uuid === undefined ? undefined : this.messages.get(this.byUuid.get(uuid) ?? '');
    if (existing) return OK(this.view(existing));
    const m = this.store({ receiveIdType, receiveId: b.receive_id, msgType: b.msg_type, content: b.content, ...(uuid ? { uuid } : {}) });
    return OK(this.view(m));
  }

  private patch(r: FakeRequest): FakeReply {
    const m = this.messages.get(r.params.message_id ?? '');
    const content = (r.body as { content?: unknown } | undefined)?.content;
    if (!m) return FAIL(230001, 'Your request contains an invalid request parameter: message_id not found.');
    if (m.msgType !== 'interactive') return FAIL(230001, 'Your request contains an invalid request parameter: only cards can be patched.');
    if (!this.validContent(content)) return FAIL(230001, 'Your request contains an invalid request parameter: content is not a JSON string.');
    m.content = content;
    m.history.push(content);
    m.updateTime = String(Date.now());
    return OK({});
  }

  private reply(r: FakeRequest): FakeReply {
    const parent = this.messages.get(r.params.message_id ?? '');
    const b = (r.body ?? {}) as { msg_type?: unknown; content?: unknown; uuid?: unknown };
    if (!parent) return FAIL(230001, 'Your request contains an invalid request parameter: message_id not found.');
    if (typeof b.msg_type !== 'string' || !this.validContent(b.content)) return FAIL(230001, 'Your request contains an invalid request parameter.');
    const uuid = typeof b.uuid === 'string' && b.uuid !== '' ? b.uuid : undefined;
    const existing = uuid === undefined ? undefined : this.messages.get(this.byUuid.get(uuid) ?? '');
    if (existing) return OK(this.view(existing));
    const m = this.store({ receiveIdType: 'chat_id', receiveId: parent.chatId, chatId: parent.chatId, msgType: b.msg_type, content: b.content, parentId: parent.messageId, ...(uuid ? { uuid } : {}) });
    return OK(this.view(m));
  }

  /** The resource's bytes; the `type` must say what it is (image for images, file for files), as Feishu requires. */
  private resource(r: FakeRequest): FakeReply {
    const res = this.resources.get(`${r.params.message_id}/${r.params.file_key}`);
    const type = r.query.type;
    if (type !== 'image' && type !== 'file') return FAIL(234001, 'Invalid request param: type.');
    if (!res || res.type !== type) return FAIL(234003, 'File not in msg.');
    return { body: res.bytes, headers: { 'content-type': res.contentType } };
  }

  private batchGetId(r: FakeRequest): FakeReply {
    const idType = r.query.user_id_type ?? 'open_id';
    const b = (r.body ?? {}) as { emails?: unknown; mobiles?: unknown };
    const emails = Array.isArray(b.emails) ? b.emails.filter((e): e is string => typeof e === 'string') : [];
    const mobiles = Array.isArray(b.mobiles) ? b.mobiles.filter((e): e is string => typeof e === 'string') : [];
    if (emails.length > 50 || mobiles.length > 50) return FAIL(99992402, 'field validation failed: at most 50 emails and 50 mobiles');
    const idOf = (u: FeishuFakeUser | undefined) => (idType === 'user_id' ? u?.userId : idType === 'union_id' ? u?.unionId : u?.openId);
    const bare = (m: string) => m.replace(/^\+86/, '');
    // Unknown emails and mobiles come back without user_id, as Feishu does for people outside the app's visibility.
    const entry = (key: 'email' | 'mobile', value: string, user: FeishuFakeUser | undefined) => {
      const id = idOf(user);
      return id === undefined ? { [key]: value } : { [key]: value, user_id: id, status: { is_frozen: false, is_resigned: false, is_activated: true, is_exited: false, is_unjoin: false } };
    };
    const list = [
      ...emails.map((email) => entry('email', email, this.users.find((u) => u.email?.toLowerCase() === email.toLowerCase()))),
      ...mobiles.map((mobile) => entry('mobile', mobile, this.users.find((u) => u.mobile !== undefined && bare(u.mobile) === bare(mobile)))),
    ];
    return OK({ user_list: list });
  }
}
