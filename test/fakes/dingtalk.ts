// A loopback DingTalk: the HTTP Open API (token, card instances, robot messages, Stream ticket) and the Stream WebSocket gateway the real dingtalk-stream SDK dials.
import { createHash, randomUUID } from 'node:crypto';
import { DingTalkStreamClient } from '../../bots/dingtalk/stream-client.js';
import { CARD_CALLBACK_TOPIC, ROBOT_MESSAGE_TOPIC, cardCallbackData, robotMessageData, type CardCallbackInput, type RobotMessageInput } from './dingtalk-frames.js';
import { DingTalkStreamGateway, type StreamAck, type StreamSubscription } from './dingtalk-stream-gateway.js';
import { HttpFake, type FakeReply, type FakeRequest } from './http-fake.js';

export type { StreamAck, StreamConnection } from './dingtalk-stream-gateway.js';
export { CARD_CALLBACK_TOPIC, ROBOT_MESSAGE_TOPIC } from './dingtalk-frames.js';

export interface DingTalkFakeOptions {
  /** The app's AppKey / Client ID and secret; token and gateway requests with other credentials are refused. */
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly robotCode?: string;
  readonly corpId?: string;
  /** How long a push waits for the client's ACK (default 20 s: generous, a busy machine is slow, not broken). */
  readonly ackTimeoutMs?: number;
  /** What a second createAndDeliver with the same outTrackId does (UNCONFIRMED against DingTalk; default `error`). */
  readonly onDuplicateOutTrackId?: 'error' | 'reuse';
}

export interface DingTalkFakeCard {
  readonly outTrackId: string;
  readonly cardTemplateId: string;
  /** `cardData.cardParamMap`, merged with each update. */
  readonly params: Record<string, unknown>;
  readonly openSpaceId: string;
  readonly callbackType: string | undefined;
  /** The request bodies: the create first, then each update. */
  readonly history: unknown[];
}

/** DingTalk's Open API errors: an HTTP 4xx with `{code, message, requestid}`. */
const FAIL = (status: number, code: string, message: string): FakeReply => ({ status, body: { code, message, requestid: randomUUID().toUpperCase() } });
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * HTTP at `fake.url` (give it to code as DINGTALK_API_URL) and the Stream gateway at `ws://127.0.0.1:PORT/connect`.
 * Connect the SDK with {@link connectDwClient}, or `new DingTalkStreamClient({ clientId, clientSecret, apiBaseUrl: fake.url })`.
 */
export class DingTalkFake extends HttpFake {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly robotCode: string;
  readonly corpId: string;
  readonly chatbotUserId = '$:LWCP_v1:$fakechatbot';
  readonly gateway: DingTalkStreamGateway;
  /** Directory for the contact API: staff id → profile. */
  readonly users = new Map<string, { name?: string; email?: string; mobile?: string }>();
  readonly cards = new Map<string, DingTalkFakeCard>();
  /** Robot standard cards (interactiveCards/send) by cardBizId, with their cardData strings. */
  readonly robotCards = new Map<string, { body: Record<string, unknown>; cardData: string[] }>();
  /** Bodies of oToMessages/batchSend and groupMessages/send, and posts to session webhooks. */
  readonly robotMessages: Array<{ route: string; body: Record<string, unknown> }> = [];
  /** Files users sent the robot, by downloadCode. */
  readonly files = new Map<string, { bytes: Uint8Array; contentType: string }>();
  /** The URL robot/messageFiles/download hands out for a code; tests replace it (e.g. with an internal address). */
  downloadUrl: (code: string) => string = (code) => `${this.url}/files/${encodeURIComponent(code)}`;
  private generation = 0;
  private readonly duplicate: 'error' | 'reuse';

  constructor(opts: DingTalkFakeOptions = {}) {
    super();
    this.clientId = opts.clientId ?? 'dingfakeclientid';
    this.clientSecret = opts.clientSecret ?? 'fake-client-secret';
    this.robotCode = opts.robotCode ?? this.clientId;
    this.corpId = opts.corpId ?? 'dingfakecorp';
    this.duplicate = opts.onDuplicateOutTrackId ?? 'error';
    this.gateway = new DingTalkStreamGateway({ appId: `fake-app-${this.clientId}`, ackTimeoutMs: opts.ackTimeoutMs ?? 20_000 });

    this.route('oauth2.accessToken', 'POST', '/v1.0/oauth2/accessToken', (r) => {
      const b = obj(r.body);
      if (b.appKey !== this.clientId || b.appSecret !== this.clientSecret) return FAIL(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
      return { body: { accessToken: this.accessToken, expireIn: 7200 } };
    });
    this.route('gateway.connections.open', 'POST', '/v1.0/gateway/connections/open', (r) => this.openConnection(r));
    this.route('card.createAndDeliver', 'POST', '/v1.0/card/instances/createAndDeliver', (r) => this.authed(r, () => this.createCard(obj(r.body))));
    this.route('card.update', 'PUT', '/v1.0/card/instances', (r) => this.authed(r, () => this.updateCard(obj(r.body))));
    this.route('robot.oToMessages.batchSend', 'POST', '/v1.0/robot/oToMessages/batchSend', (r) => this.authed(r, () => this.batchSend(obj(r.body))));
    this.route('robot.groupMessages.send', 'POST', '/v1.0/robot/groupMessages/send', (r) =>
      this.authed(r, () => {
        this.robotMessages.push({ route: 'robot.groupMessages.send', body: obj(r.body) });
        return { body: { processQueryKey: randomUUID() } };
      }),
    );
    this.route('robot.interactiveCards.send', 'POST', '/v1.0/im/v1.0/robot/interactiveCards/send', (r) => this.authed(r, () => this.sendRobotCard(obj(r.body))));
    this.route('robot.interactiveCards.update', 'PUT', '/v1.0/im/robots/interactiveCards', (r) => this.authed(r, () => this.updateRobotCard(obj(r.body))));
    // The legacy contact API on oapi.dingtalk.com (point DINGTALK_OAPI_URL here): the access token is a query parameter,
    // and failures are HTTP 200 with a non-zero errcode.
    this.route('oapi.user.get', 'POST', '/topapi/v2/user/get', (r) => {
      if (r.query.access_token !== this.accessToken) return { body: { errcode: 40014, errmsg: '不合法的access_token' } };
      const user = this.users.get(String(obj(r.body).userid ?? ''));
      if (!user) return { body: { errcode: 60121, errmsg: '找不到该用户' } };
      return { body: { errcode: 0, errmsg: 'ok', result: { userid: obj(r.body).userid, name: user.name ?? '', ...(user.email ? { email: user.email } : {}), ...(user.mobile ? { mobile: user.mobile } : {}) } } };
    });
    // Files sent to the robot: the downloadCode buys a short-lived URL (here on this fake) that serves the bytes.
    this.route('robot.messageFiles.download', 'POST', '/v1.0/robot/messageFiles/download', (r) =>
      this.authed(r, () => {
        const b = obj(r.body);
        if (str(b.robotCode) !== this.robotCode) return FAIL(400, 'invalidParameter.robotCode', 'robotCode is wrong');
        const code = str(b.downloadCode);
        if (!code || !this.files.has(code)) return FAIL(400, 'invalidParameter.downloadCode', 'downloadCode is invalid or expired');
        return { body: { downloadUrl: this.downloadUrl(code) } };
      }),
    );
    this.route('files.download', 'GET', '/files/:code', (r) => {
      const f = this.files.get(r.params.code ?? '');
      return f ? { body: f.bytes, headers: { 'content-type': f.contentType } } : { status: 404, body: 'not found' };
    });
    // Session webhooks from robot messages need no token until they expire.
    this.route('robot.sessionWebhook', 'POST', '/robot/sendBySession', (r) => {
      this.robotMessages.push({ route: 'robot.sessionWebhook', body: { ...obj(r.body), session: r.query.session } });
      return { body: { errcode: 0, errmsg: 'ok' } };
    });
  }

  /** The access token currently valid (derived from the credentials; `expireTokens()` rotates it). */
  get accessToken(): string {
    return createHash('sha256').update(`${this.clientId}:${this.clientSecret}:${this.generation}`).digest('hex').slice(0, 32);
  }

  expireTokens(): void {
    this.generation += 1;
  }

  /** A file a user sent the robot, fetched with `downloadCode`. */
  addFile(downloadCode: string, bytes: Uint8Array, contentType = 'application/octet-stream'): void {
    this.files.set(downloadCode, { bytes, contentType });
  }

  override async start(): Promise<{ url: string }> {
    const started = await super.start();
    this.server?.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
    return started;
  }

  override async stop(): Promise<void> {
    this.gateway.close();
    await super.stop();
  }

  /** Pushes a robot message CALLBACK; resolves with the SDK's ACK (sent by `client.socketCallBackResponse`). Returns the data pushed too. */
  async pushRobotMessage(input: RobotMessageInput): Promise<{ ack: StreamAck; data: Record<string, unknown> }> {
    const data = robotMessageData(input, { robotCode: this.robotCode, corpId: this.corpId, chatbotUserId: this.chatbotUserId, sessionWebhookBase: `${this.url}/robot/sendBySession` });
    return { ack: await this.gateway.push('CALLBACK', ROBOT_MESSAGE_TOPIC, data), data };
  }

  /** Pushes a card action CALLBACK; the ACK's `data.response` is what the bot answered (e.g. `{cardData:{cardParamMap}}`). */
  async pushCardCallback(input: CardCallbackInput): Promise<{ ack: StreamAck; data: Record<string, unknown> }> {
    const data = cardCallbackData(input, { corpId: this.corpId });
    return { ack: await this.gateway.push('CALLBACK', CARD_CALLBACK_TOPIC, data), data };
  }

  /** Pushes an EVENT (e.g. `chat_update_title`); the SDK acks `{status: SUCCESS|LATER}` itself. */
  pushEvent(eventType: string, data: unknown, eventId = randomUUID()): Promise<StreamAck> {
    return this.gateway.push('EVENT', eventType, data, { eventType, eventId, eventBornTime: String(Date.now()), eventCorpId: this.corpId, eventUnifiedAppId: this.clientId });
  }

  /** SYSTEM ping; the SDK echoes the data back. */
  ping(): Promise<StreamAck> {
    return this.gateway.push('SYSTEM', 'ping', { opaque: randomUUID() });
  }

  private authed(r: FakeRequest, next: () => FakeReply): FakeReply {
    if (r.headers['x-acs-dingtalk-access-token'] !== this.accessToken) return FAIL(401, 'InvalidAuthentication', '不合法的access_token');
    return next();
  }

  private openConnection(r: FakeRequest): FakeReply {
    const b = obj(r.body);
    if (b.clientId !== this.clientId || b.clientSecret !== this.clientSecret) return FAIL(401, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
    const subscriptions = (Array.isArray(b.subscriptions) ? b.subscriptions : []).map(obj).map((s) => ({ type: String(s.type), topic: String(s.topic) }) as StreamSubscription);
    if (subscriptions.length === 0) return FAIL(400, 'invalidParameter', 'subscriptions is empty');
    const ticket = this.gateway.issueTicket(this.clientId, subscriptions);
    return { body: { endpoint: `${this.url.replace(/^http/, 'ws')}/connect`, ticket } };
  }

  private createCard(b: Record<string, unknown>): FakeReply {
    const outTrackId = str(b.outTrackId);
    const cardTemplateId = str(b.cardTemplateId);
    const openSpaceId = str(b.openSpaceId);
    if (!outTrackId || !cardTemplateId || !openSpaceId) return FAIL(400, 'invalidParameter', 'outTrackId, cardTemplateId and openSpaceId are required');
    const existing = this.cards.get(outTrackId);
    if (existing && this.duplicate === 'error') return FAIL(400, 'param.duplicateOutTrackId', `card instance ${outTrackId} already exists`);
    const card = existing ?? { outTrackId, cardTemplateId, params: { ...obj(obj(b.cardData).cardParamMap) }, openSpaceId, callbackType: str(b.callbackType), history: [] };
    card.history.push(b);
    this.cards.set(outTrackId, card);
    const spaceType = openSpaceId.includes('IM_GROUP') ? 'IM_GROUP' : 'IM_ROBOT';
    const spaceId = openSpaceId.split('.').slice(2).join('.');
    return { body: { success: true, result: { outTrackId, deliverResults: [{ spaceType, spaceId, success: true, carrierId: `carrier-${outTrackId}` }] } } };
  }

  private updateCard(b: Record<string, unknown>): FakeReply {
    const card = this.cards.get(str(b.outTrackId) ?? '');
    if (!card) return FAIL(400, 'param.cardInstanceNotExist', 'card instance does not exist');
    Object.assign(card.params, obj(obj(b.cardData).cardParamMap));
    card.history.push(b);
    return { body: { success: true, result: true } };
  }

  private batchSend(b: Record<string, unknown>): FakeReply {
    const userIds = Array.isArray(b.userIds) ? b.userIds : [];
    if (str(b.robotCode) !== this.robotCode) return FAIL(400, 'invalidParameter.robotCode', 'robotCode is wrong');
    if (userIds.length === 0 || userIds.length > 20) return FAIL(400, 'invalidParameter.userIds', 'userIds must hold 1 to 20 ids');
    if (!str(b.msgKey) || !str(b.msgParam)) return FAIL(400, 'invalidParameter', 'msgKey and msgParam (a JSON string) are required');
    this.robotMessages.push({ route: 'robot.oToMessages.batchSend', body: b });
    return { body: { processQueryKey: randomUUID(), invalidStaffIdList: [], flowControlledStaffIdList: [] } };
  }

  private sendRobotCard(b: Record<string, unknown>): FakeReply {
    const cardBizId = str(b.cardBizId);
    const cardData = str(b.cardData);
    if (!cardBizId || !cardData || !str(b.cardTemplateId) || (!str(b.singleChatReceiver) && !str(b.openConversationId))) {
      return FAIL(400, 'invalidParameter', 'cardTemplateId, cardBizId, cardData (a JSON string) and a receiver are required');
    }
    this.robotCards.set(cardBizId, { body: b, cardData: [cardData] });
    return { body: { processQueryKey: randomUUID() } };
  }

  private updateRobotCard(b: Record<string, unknown>): FakeReply {
    const card = this.robotCards.get(str(b.cardBizId) ?? '');
    const cardData = str(b.cardData);
    if (!card || !cardData) return FAIL(400, 'invalidParameter', 'unknown cardBizId or missing cardData');
    card.cardData.push(cardData);
    return { body: { success: true, result: true } };
  }
}

/**
 * Connects the real SDK client (through {@link DingTalkStreamClient}, reconnects off) to the fake's gateway and waits until
 * the socket is open. Register callback listeners first: subscriptions are sent when the ticket is requested.
 */
export async function connectDwClient(
  fake: DingTalkFake,
  opts: { clientId?: string; clientSecret?: string; setup?: (client: DingTalkStreamClient) => void } = {},
): Promise<DingTalkStreamClient> {
  const client = new DingTalkStreamClient({ clientId: opts.clientId ?? fake.clientId, clientSecret: opts.clientSecret ?? fake.clientSecret, apiBaseUrl: fake.url, autoReconnect: false });
  opts.setup?.(client);
  await client.connect();
  if (!client.connected) throw new Error('DWClient did not connect to the fake gateway');
  await fake.gateway.waitForConnection();
  return client;
}
