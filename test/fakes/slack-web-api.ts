// A loopback Slack Web API for the real @slack/web-api WebClient and Bolt: auth.test, chat.postMessage/update, views.open, users.*, and a response_url sink.
import { HttpFake, type FakeReply, type FakeRequest } from './http-fake.js';

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
}

/** Slack answers almost every error with HTTP 200 and `ok: false`. */
const ERROR = (error: string): FakeReply => ({ body: { ok: false, error } });

/** Arguments the WebClient JSON-encodes into a form field; everything else stays the string it was sent as. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata']);

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
  private seq = 0;

  constructor(opts: SlackFakeOptions = {}) {
    super();
    this.token = opts.token ?? 'xoxb-fake-token';
    this.teamId = opts.teamId ?? 'T0FAKE';
    this.botUserId = opts.botUserId ?? 'U0FAKEBOT';
    this.botId = opts.botId ?? 'B0FAKEBOT';
    this.users = [...(opts.users ?? [])];
    const api = (method: string, handle: (r: FakeRequest, args: Record<string, unknown>) => FakeReply) =>
      this.route(method, 'POST', `/api/${method}`, (r) => this.authed(r, handle));
    api('auth.test', () => ({ body: { ok: true, url: 'https://fake.slack.test/', team: 'Fake Team', user: 'spendbot', team_id: this.teamId, user_id: this.botUserId, bot_id: this.botId, is_enterprise_install: false } }));
    api('chat.postMessage', (_r, a) => this.postMessage(a));
    api('chat.update', (_r, a) => this.update(a));
    api('views.open', (_r, a) => this.openView(a));
    api('users.lookupByEmail', (_r, a) => this.userReply(this.users.find((u) => u.email !== undefined && u.email.toLowerCase() === String(a.email ?? '').toLowerCase()), 'users_not_found'));
    api('users.info', (_r, a) => this.userReply(this.users.find((u) => u.id === a.user), 'user_not_found'));
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

  private authed(r: FakeRequest, handle: (r: FakeRequest, args: Record<string, unknown>) => FakeReply): FakeReply {
    const raw = (typeof r.body === 'object' && r.body !== null ? r.body : {}) as Record<string, unknown>;
    const args = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, decodeField(k, v)]));
    const bearer = /^Bearer (.+)$/.exec(r.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof raw.token === 'string' ? raw.token : undefined);
    if (token === undefined) return ERROR('not_authed');
    if (token !== this.token) return ERROR('invalid_auth');
    return handle(r, args);
  }

  private nextTs(): string {
    this.seq += 1;
    return `${Math.floor(Date.now() / 1000)}.${this.seq.toString().padStart(6, '0')}`;
  }

  private view(m: SlackFakeMessage) {
    return { type: 'message', user: this.botUserId, bot_id: this.botId, team: this.teamId, ts: m.ts, text: m.text ?? '', ...(m.blocks === undefined ? {} : { blocks: m.blocks }), ...(m.threadTs ? { thread_ts: m.threadTs } : {}) };
  }

  private postMessage(a: Record<string, unknown>): FakeReply {
    if (typeof a.channel !== 'string' || a.channel === '') return ERROR('channel_not_found');
    if (a.text === undefined && a.blocks === undefined && a.attachments === undefined) return ERROR('no_text');
    if (a.blocks !== undefined && !Array.isArray(a.blocks)) return ERROR('invalid_blocks');
    // Posting to a user id opens (or reuses) the bot's DM with that user.
    const channel = /^[UW]/.test(a.channel) ? `D${a.channel.slice(1)}` : a.channel;
    const text = a.text === undefined ? undefined : String(a.text);
    const m: SlackFakeMessage = { channel, ts: this.nextTs(), text, blocks: a.blocks, history: [{ text, blocks: a.blocks }], ...(typeof a.thread_ts === 'string' ? { threadTs: a.thread_ts } : {}) };
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
