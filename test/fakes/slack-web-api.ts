// A loopback Slack Web API for the real @slack/web-api WebClient and Bolt: auth.test, chat.postMessage/update, views.open, users.*,
// oauth.v2.access (OAuth installs issue one bot token per workspace), file uploads (files.getUploadURLExternal, the
// upload URL, files.completeUploadExternal: see slack-files.ts), and a response_url sink.
import { HttpFake, type FakeReply, type FakeRequest } from './http-fake.js';
import { SlackFakeFiles } from './slack-files.js';

export interface SlackFakeUser {
  readonly id: string;
  readonly name?: string;
  readonly realName?: string;
  readonly email?: string;
  readonly tz?: string;
}

export interface SlackFakeMessage {
  readonly channel: string;
  readonly ts: string;
  text: string | undefined;
  /** Blocks as sent (the WebClient JSON-encodes them inside the form body; they are decoded here). */
  blocks: unknown;
  /** Every { text, blocks } this message has had, oldest first. */
  readonly history: Array<{ text: string | undefined; blocks: unknown }>;
  readonly threadTs?: string;
  /** The bot token that posted it (which workspace's install). */
  readonly token?: string;
}

/** A workspace that will approve an OAuth install: {@link SlackWebApiFake.grantCode} hands out a code for it. */
export interface SlackFakeGrant {
  readonly teamId: string;
  readonly teamName: string;
  readonly enterpriseId?: string;
  /** The installing user. */
  readonly userId: string;
}

export interface SlackResponseUrlPost {
  readonly id: string;
  readonly body: unknown;
  readonly at: number;
}

export interface SlackFakeOptions {
  /** The bot token the fake accepts (default `xoxb-fake-token`). */
  readonly token?: string;
  readonly teamId?: string;
  readonly botUserId?: string;
  readonly botId?: string;
  readonly users?: readonly SlackFakeUser[];
  /** The app's OAuth client credentials, checked by oauth.v2.access. */
  readonly clientId?: string;
  readonly clientSecret?: string;
}

/** Slack answers almost every error with HTTP 200 and `ok: false`. */
const ERROR = (error: string): FakeReply => ({ body: { ok: false, error } });

/** Arguments the WebClient JSON-encodes into a form field; everything else stays the string it was sent as. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata', 'files']);

function decodeField(key: string, v: unknown): unknown {
  if (typeof v !== 'string' || !JSON_FIELDS.has(key)) return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

/**
 * Point the WebClient at it with `new WebClient(token, { slackApiUrl: fake.apiUrl })` (that is `${fake.url}/api/`),
 * and Bolt with `new App({ token, signingSecret, clientOptions: { slackApiUrl: fake.apiUrl } })`.
 */
export class SlackWebApiFake extends HttpFake {
  readonly token: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly users: SlackFakeUser[];
  /** Posted messages keyed `${channel}:${ts}`. */
  readonly messages = new Map<string, SlackFakeMessage>();
  /** Views opened, with the trigger that opened them. */
  readonly views: Array<{ id: string; triggerId: string; view: unknown }> = [];
  /** Bodies POSTed to response URLs made by {@link SlackWebApiFake.responseUrl}. */
  readonly responses: SlackResponseUrlPost[] = [];
  /** External file uploads (`files.uploads` by file id); `files.uploadUrl` may be replaced to hand out another URL. */
  readonly files: SlackFakeFiles = new SlackFakeFiles(() => this.url);
  /** OAuth codes not yet exchanged. */
  private readonly codes = new Map<string, SlackFakeGrant>();
  /** Bot tokens issued by oauth.v2.access → the workspace they belong to. */
  readonly issued = new Map<string, SlackFakeGrant>();
  /** Every oauth.v2.access call's arguments (without the secret). */
  readonly exchanges: Array<{ code: string; clientId: string; redirectUri?: string }> = [];
  private readonly clientId: string;
  private readonly clientSecret: string;
  private seq = 0;

  constructor(opts: SlackFakeOptions = {}) {
    super();
    this.token = opts.token ?? 'xoxb-fake-token';
    this.teamId = opts.teamId ?? 'T0FAKE';
    this.botUserId = opts.botUserId ?? 'U0FAKEBOT';
    this.botId = opts.botId ?? 'B0FAKEBOT';
    this.users = [...(opts.users ?? [])];
    this.clientId = opts.clientId ?? '1111.2222';
    this.clientSecret = opts.clientSecret ?? 'fake-client-secret';
    const api = (method: string, handle: (r: FakeRequest, args: Record<string, unknown>, token: string) => FakeReply) =>
      this.route(method, 'POST', `/api/${method}`, (r) => this.authed(r, handle));
    api('auth.test', (_r, _a, token) => {
      const g = this.issued.get(token);
      return { body: { ok: true, url: 'https://fake.slack.test/', team: g?.teamName ?? 'Fake Team', user: 'spendbot', team_id: g?.teamId ?? this.teamId, user_id: g ? `UBOT${g.teamId}` : this.botUserId, bot_id: g ? `BBOT${g.teamId}` : this.botId, is_enterprise_install: false } };
    });
    this.route('oauth.v2.access', 'POST', '/api/oauth.v2.access', (r) => this.exchange(r));
    api('chat.postMessage', (_r, a, token) => this.postMessage(a, token));
    api('chat.update', (_r, a) => this.update(a));
    api('views.open', (_r, a) => this.openView(a));
    api('users.lookupByEmail', (_r, a) => this.userReply(this.users.find((u) => u.email !== undefined && u.email.toLowerCase() === String(a.email ?? '').toLowerCase()), 'users_not_found'));
    api('users.info', (_r, a) => this.userReply(this.users.find((u) => u.id === a.user), 'user_not_found'));
    api('files.getUploadURLExternal', (_r, a) => this.files.getUploadUrl(a));
    api('files.completeUploadExternal', (_r, a) => this.files.complete(a));
    this.route('file_upload', 'POST', '/upload/v1/:id', (r) => this.files.receive(r));
    // Files users shared with the bot (files.share), downloaded with the bot token in the Authorization header.
    const fileToken = (r: FakeRequest) => {
      const t = /^Bearer (.+)$/.exec(r.headers.authorization ?? '')?.[1];
      return t !== undefined && (t === this.token || this.issued.has(t));
    };
    this.route('file_download', 'GET', '/files-pri/:key/download/:name', (r) => this.files.serve(r, fileToken(r)));
    this.route('file_private', 'GET', '/files-pri/:key/:name', (r) => this.files.serve(r, fileToken(r)));
    this.route('response_url', 'POST', '/response/:id', (r) => {
      this.responses.push({ id: r.params.id ?? '', body: r.body, at: Date.now() });
      return { body: { ok: true } };
    });
  }

  /** `${url}/api/`, the WebClient's `slackApiUrl`. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A response_url that records what is posted to it (in `responses`, by `id`). */
  responseUrl(id = 'r1'): string {
    return `${this.url}/response/${encodeURIComponent(id)}`;
  }

  addUser(user: SlackFakeUser): void {
    this.users.push(user);
  }

  /** Messages posted to one channel (a user id is answered with a DM channel `D…`). */
  messagesIn(channel: string): SlackFakeMessage[] {
    return [...this.messages.values()].filter((m) => m.channel === channel);
  }

  /** A code the fake's authorize page would have redirected back with, for this workspace (single use). */
  grantCode(grant: SlackFakeGrant): string {
    this.seq += 1;
    const code = `code-${grant.teamId}-${this.seq}`;
    this.codes.set(code, grant);
    return code;
  }

  /**
   * oauth.v2.access as documented: the client id and secret (form fields or HTTP Basic) and a code → a bot token for
   * the workspace (`ok, access_token xoxb-…, token_type bot, scope, bot_user_id, app_id, team, enterprise, authed_user`).
   */
  private exchange(r: FakeRequest): FakeReply {
    const a = (typeof r.body === 'object' && r.body !== null ? r.body : {}) as Record<string, unknown>;
    const basic = /^Basic (.+)$/.exec(r.headers.authorization ?? '')?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
    const clientId = String(a.client_id ?? basicId ?? '');
    const clientSecret = String(a.client_secret ?? basicSecret ?? '');
    if (clientId !== this.clientId) return ERROR('invalid_client_id');
    if (clientSecret !== this.clientSecret) return ERROR('bad_client_secret');
    const code = String(a.code ?? '');
    const grant = this.codes.get(code);
    if (!grant) return ERROR('invalid_code');
    this.codes.delete(code);
    this.exchanges.push({ code, clientId, ...(typeof a.redirect_uri === 'string' ? { redirectUri: a.redirect_uri } : {}) });
    this.seq += 1;
    const token = `xoxb-${grant.teamId}-${this.seq}`;
    this.issued.set(token, grant);
    return {
      body: {
        ok: true,
        access_token: token,
        token_type: 'bot',
        scope: 'app_mentions:read,chat:write,commands,im:history,users:read,users:read.email',
        bot_user_id: `UBOT${grant.teamId}`,
        app_id: 'A0FAKE',
        team: { id: grant.teamId, name: grant.teamName },
        enterprise: grant.enterpriseId ? { id: grant.enterpriseId, name: `Enterprise ${grant.enterpriseId}` } : null,
        is_enterprise_install: false,
        authed_user: { id: grant.userId },
      },
    };
  }

  private authed(r: FakeRequest, handle: (r: FakeRequest, args: Record<string, unknown>, token: string) => FakeReply): FakeReply {
    const raw = (typeof r.body === 'object' && r.body !== null ? r.body : {}) as Record<string, unknown>;
    const args = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, decodeField(k, v)]));
    const bearer = /^Bearer (.+)$/.exec(r.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof raw.token === 'string' ? raw.token : undefined);
    if (token === undefined) return ERROR('not_authed');
    if (token !== this.token && !this.issued.has(token)) return ERROR('invalid_auth');
    return handle(r, args, token);
  }

  private nextTs(): string {
    this.seq += 1;
    return `${Math.floor(Date.now() / 1000)}.${this.seq.toString().padStart(6, '0')}`;
  }

  private view(m: SlackFakeMessage) {
    return { type: 'message', user: this.botUserId, bot_id: this.botId, team: this.teamId, ts: m.ts, text: m.text ?? '', ...(m.blocks === undefined ? {} : { blocks: m.blocks }), ...(m.threadTs ? { thread_ts: m.threadTs } : {}) };
  }

  private postMessage(a: Record<string, unknown>, token?: string): FakeReply {
    if (typeof a.channel !== 'string' || a.channel === '') return ERROR('channel_not_found');
    if (a.text === undefined && a.blocks === undefined && a.attachments === undefined) return ERROR('no_text');
    if (a.blocks !== undefined && !Array.isArray(a.blocks)) return ERROR('invalid_blocks');
    // Posting to a user id opens (or reuses) the bot's DM with that user.
    const channel = /^[UW]/.test(a.channel) ? `D${a.channel.slice(1)}` : a.channel;
    const text = a.text === undefined ? undefined : String(a.text);
    const m: SlackFakeMessage = { channel, ts: this.nextTs(), text, blocks: a.blocks, history: [{ text, blocks: a.blocks }], ...(token ? { token } : {}), ...(typeof a.thread_ts === 'string' ? { threadTs: a.thread_ts } : {}) };
    this.messages.set(`${channel}:${m.ts}`, m);
    return { body: { ok: true, channel, ts: m.ts, message: this.view(m) } };
  }

  private update(a: Record<string, unknown>): FakeReply {
    const m = this.messages.get(`${String(a.channel)}:${String(a.ts)}`);
    if (!m) return ERROR('message_not_found');
    if (a.blocks !== undefined && !Array.isArray(a.blocks)) return ERROR('invalid_blocks');
    if (a.text !== undefined) m.text = String(a.text);
    if (a.blocks !== undefined) m.blocks = a.blocks;
    m.history.push({ text: m.text, blocks: m.blocks });
    return { body: { ok: true, channel: m.channel, ts: m.ts, text: m.text ?? '', message: this.view(m) } };
  }

  private openView(a: Record<string, unknown>): FakeReply {
    if (typeof a.trigger_id !== 'string' || a.trigger_id === '') return ERROR('invalid_trigger_id');
    if (typeof a.view !== 'object' || a.view === null) return ERROR('invalid_arguments');
    this.seq += 1;
    const id = `V0FAKE${this.seq.toString().padStart(4, '0')}`;
    this.views.push({ id, triggerId: a.trigger_id, view: a.view });
    return { body: { ok: true, view: { id, team_id: this.teamId, app_id: 'A0FAKE', bot_id: this.botId, hash: `${this.seq}.fake`, ...(a.view as object) } } };
  }

  private userReply(u: SlackFakeUser | undefined, missing: string): FakeReply {
    if (!u) return ERROR(missing);
    const realName = u.realName ?? u.name ?? u.id;
    return {
      body: {
        ok: true,
        user: {
          id: u.id,
          team_id: this.teamId,
          name: u.name ?? u.id.toLowerCase(),
          real_name: realName,
          deleted: false,
          is_bot: false,
          tz: u.tz ?? 'Asia/Shanghai',
          profile: { real_name: realName, display_name: u.name ?? '', ...(u.email ? { email: u.email } : {}) },
        },
      },
    };
  }
}
