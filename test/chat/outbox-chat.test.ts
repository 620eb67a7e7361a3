// The chat outbox against the platform fakes: queued updates of one card collapse into one patch with the newest
// state, and each platform's rate-limit answer (Feishu 429 + 99991400 + x-ogw-ratelimit-reset, Slack 429 +
// Retry-After, DingTalk 403 QpsLimit) puts the message back for the given time without spending an attempt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.js';
import { createFeishuMessenger, createFeishuPlatform } from '../../bots/feishu/feishu.messenger.js';
import { createSlackPlatform } from '../../bots/slack/slack.messenger.js';
import { createDingTalkPlatform } from '../../bots/dingtalk/dingtalk.messenger.js';
import { UNLIMITED } from '../../bots/chat/rate-limit.js';
import type { PlatformMessenger } from '../../bots/chat/messenger.js';
import type { NoticeCardView } from '../../cards/view-model.js';
import { deliver, TOPIC_CHAT_SEND, type Recipient } from '../../src/chat/deliver.js';
import { chatSendHandler } from '../../src/chat/send-handler.js';
import { slackSingleClient } from '../../src/channels/slack-oauth.js';
import { dispatchOnce, type DispatchReport } from '../../src/jobs/dispatcher.js';
import { silentLogger } from '../../src/log.js';
import { randomIds } from '../../src/runtime.js';
import { DingTalkFake } from '../fakes/dingtalk.js';
import { FeishuOpenApiFake } from '../fakes/feishu-open-api.js';
import { SlackWebApiFake } from '../fakes/slack-web-api.js';
import { testApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
const feishu = new FeishuOpenApiFake({ appId: 'cli_outbox', appSecret: 'secret' });
const slack = new SlackWebApiFake({ token: 'xoxb-outbox' });
const dingtalk = new DingTalkFake({ clientId: 'dingoutbox', clientSecret: 'secret' });
let messengers: Map<string, PlatformMessenger>;

beforeAll(async () => {
  const [f, s, d] = await Promise.all([feishu.start(), slack.start(), dingtalk.start()]);
  t = await testApp();
  // The messengers' own limiters read the same clock as the dispatcher, so the test moves time for both. Proactive
  // limits are off here: what is tested is how each platform's own rate-limit answer is honoured.
  const now = () => t.clock.now().getTime();
  messengers = new Map<string, PlatformMessenger>([
    ['feishu', createFeishuPlatform({ appId: 'cli_outbox', appSecret: 'secret', domain: f.url, limits: UNLIMITED, now })],
    ['slack', createSlackPlatform(slackSingleClient('xoxb-outbox', `${s.url}/api/`), { limits: UNLIMITED, now })],
    ['dingtalk', createDingTalkPlatform({ clientId: 'dingoutbox', clientSecret: 'secret', robotCode: 'dingoutbox', cardTemplateId: 'tpl.schema', apiUrl: d.url, limits: UNLIMITED, now })],
  ]);
});
afterAll(async () => {
  await t.close();
  await Promise.all([feishu.stop(), slack.stop(), dingtalk.stop()]);
});

const clock = { now: () => t.clock.now() };
const handlers = () => new Map([[TOPIC_CHAT_SEND, chatSendHandler(t.database.db, messengers)]]);
const dispatch = (batch = 100, using = handlers()): Promise<DispatchReport> => dispatchOnce(t.database.db, using, { batch, maxAttempts: 1, concurrency: 4, clock }, silentLogger);

let seq = 0;
const view = (title: string): NoticeCardView => ({ kind: 'notice', event: 'approved', facts: { requestId: `req_${seq}`, type: 'expense', title, requester: '张伟 Zhang Wei' } });
/** Records a new state of a card copy and queues its delivery, as a use case does inside its transaction. */
const update = (to: Recipient, cardKey: string, title: string) => t.database.db.transaction((tx) => deliver(tx, randomIds, to, { cardKey, view: view(title) }, t.clock.now()));
const outboxRow = async (cardKey: string) =>
  rowsOf<{ status: string; attempts: number; next_attempt_at: string | Date | null }>(
    await t.database.db.execute(sql`SELECT status, attempts, next_attempt_at FROM outbox WHERE topic = ${TOPIC_CHAT_SEND} AND payload->>'cardKey' = ${cardKey} ORDER BY id DESC LIMIT 1`),
  )[0]!;

describe('chat outbox', () => {
  it('collapses ten queued updates of one card into exactly one patch with the final state', async () => {
    const to: Recipient = { orgId: 'demo', channel: 'feishu', employeeId: 'e_wangqiang', address: 'open_id:ou_coalesce', locale: 'zh' };
    const cardKey = `approval:coalesce-${++seq}`;
    await update(to, cardKey, 'state 0');
    expect((await dispatch()).delivered).toBe(1);
    expect(feishu.callsTo('im.message.create')).toHaveLength(1);
    feishu.clearCalls();

    // Ten approvals' worth of updates arrive before the dispatcher runs; it claims them three at a time.
    for (let i = 1; i <= 10; i++) await update(to, cardKey, `state ${i}`);
    let delivered = 0;
    for (let pass = 0; pass < 10; pass++) {
      const r = await dispatch(3);
      delivered += r.delivered;
      if (r.claimed === 0) break;
    }
    expect(delivered).toBe(10);
    const patches = feishu.callsTo('im.message.patch');
    expect(patches).toHaveLength(1);
    expect(feishu.callsTo('im.message.create')).toHaveLength(0);
    const [message] = feishu.messagesTo('ou_coalesce');
    expect(message!.content).toContain('state 10');
    expect(message!.history.some((c) => c.includes('state 5'))).toBe(false);
    const [card] = rowsOf<{ version: number; delivered_version: number }>(
      await t.database.db.execute(sql`SELECT version, delivered_version FROM chat_cards WHERE org_id = 'demo' AND card_key = ${cardKey}`),
    );
    expect(card).toEqual({ version: 11, delivered_version: 11 });
  });

  it('sends new cards to one chat in the order they were queued', async () => {
    const to: Recipient = { orgId: 'demo', channel: 'feishu', employeeId: 'e_wangqiang', address: 'open_id:ou_ordered', locale: 'zh' };
    const keys = Array.from({ length: 8 }, (_, i) => `approval:ordered-${++seq}-${i}`);
    for (const [i, key] of keys.entries()) await update(to, key, `card ${i}`);
    expect((await dispatch()).delivered).toBe(8);
    expect(feishu.messagesTo('ou_ordered').map((m) => /card (\d)/.exec(m.content)?.[1])).toEqual(keys.map((_, i) => String(i)));
  });

  it('lets no chat hold a pass on a slow API: past the budget, the rest of a chat goes back to the queue in order, without spending an attempt', async () => {
    // Every Feishu call answers 200 ms late; a chat's queue may hold the pass for 100 ms, so each pass sends one new
    // card per chat and puts the others back, and the next passes send them in their order.
    const feishuMessenger = messengers.get('feishu')!;
    const late =
      <A extends unknown[], R>(call: (...a: A) => Promise<R>) =>
      async (...a: A): Promise<R> => {
        await new Promise((r) => setTimeout(r, 200));
        return call(...a);
      };
    const slow: PlatformMessenger = {
      render: (v, o) => feishuMessenger.render(v, o),
      sendCard: late((...a) => feishuMessenger.sendCard(...a)),
      updateCard: late((...a) => feishuMessenger.updateCard(...a)),
      sendText: late((...a) => feishuMessenger.sendText(...a)),
    };
    const slowHandlers = new Map([[TOPIC_CHAT_SEND, chatSendHandler(t.database.db, new Map([['feishu', slow]]), 64, 100)]]);
    const chats = ['ou_busy_a', 'ou_busy_b'];
    const keys = new Map(chats.map((c) => [c, Array.from({ length: 3 }, (_, i) => `approval:busy-${++seq}-${c}-${i}`)]));
    for (const c of chats) for (const [i, key] of keys.get(c)!.entries()) await update({ orgId: 'demo', channel: 'feishu', employeeId: 'e_wangqiang', address: `open_id:${c}`, locale: 'zh' }, key, `card ${i}`);

    const first = await dispatch(100, slowHandlers);
    expect(first).toEqual({ claimed: 6, delivered: 2, failed: 0, dead: 0, deferred: 4 });
    expect((await outboxRow(keys.get('ou_busy_a')![2]!))).toMatchObject({ status: 'pending', attempts: 0 });
    let passes = 1;
    while ((await dispatch(100, slowHandlers)).claimed > 0) passes++;
    expect(passes).toBe(3);
    for (const c of chats) expect(feishu.messagesTo(c).map((m) => /card (\d)/.exec(m.content)?.[1])).toEqual(['0', '1', '2']);
  });

  it('Feishu: a 429 with code 99991400 is retried after x-ogw-ratelimit-reset, without counting as an attempt', async () => {
    const to: Recipient = { orgId: 'demo', channel: 'feishu', employeeId: 'e_wangqiang', address: 'open_id:ou_limited', locale: 'zh' };
    const cardKey = `approval:feishu-limit-${++seq}`;
    feishu.failNext('im.message.create', { status: 429, body: { code: 99991400, msg: 'request trigger frequency limit' }, headers: { 'x-ogw-ratelimit-reset': '7' } });
    await update(to, cardKey, 'limited');
    expect(await dispatch()).toMatchObject({ claimed: 1, deferred: 1, failed: 0, dead: 0 });
    const row = await outboxRow(cardKey);
    expect(row.status).toBe('pending');
    expect(row.attempts).toBe(0);
    expect(new Date(row.next_attempt_at!).getTime()).toBeGreaterThanOrEqual(t.clock.now().getTime() + 7000);
    t.clock.advance(6000);
    expect((await dispatch()).claimed).toBe(0);
    t.clock.advance(1100);
    expect(await dispatch()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(feishu.messagesTo('ou_limited')[0]!.content).toContain('limited');
  });

  it('Slack: a 429 with Retry-After is retried after it, without counting as an attempt (and the SDK does not sleep on it)', async () => {
    const to: Recipient = { orgId: 'demo', channel: 'slack', employeeId: 'e_wangqiang', address: 'U0LIMITED', locale: 'en' };
    const cardKey = `approval:slack-limit-${++seq}`;
    slack.failNext('chat.postMessage', { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '3' } });
    await update(to, cardKey, 'slack limited');
    const started = Date.now();
    expect(await dispatch()).toMatchObject({ claimed: 1, deferred: 1, failed: 0, dead: 0 });
    // rejectRateLimitedCalls: the WebClient threw at once instead of waiting out the 3 s itself.
    expect(Date.now() - started).toBeLessThan(3000);
    const row = await outboxRow(cardKey);
    expect(row.attempts).toBe(0);
    expect(new Date(row.next_attempt_at!).getTime()).toBeGreaterThanOrEqual(t.clock.now().getTime() + 3000);
    expect((await dispatch()).claimed).toBe(0);
    t.clock.advance(3100);
    expect(await dispatch()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('DingTalk: a 403 QpsLimit answer is retried a second later, without counting as an attempt', async () => {
    const to: Recipient = { orgId: 'demo', channel: 'dingtalk', employeeId: 'e_wangqiang', address: 'user:staff_limited', locale: 'zh' };
    const cardKey = `approval:dingtalk-limit-${++seq}`;
    dingtalk.failNext('card.createAndDeliver', { status: 403, body: { code: 'Forbidden.AccessDenied.QpsLimitForApi', message: 'qps limit' } });
    await update(to, cardKey, 'dingtalk limited');
    expect(await dispatch()).toMatchObject({ claimed: 1, deferred: 1, failed: 0, dead: 0 });
    expect((await outboxRow(cardKey)).attempts).toBe(0);
    expect((await dispatch()).claimed).toBe(0);
    t.clock.advance(1100);
    expect(await dispatch()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(dingtalk.callsTo('card.createAndDeliver')).toHaveLength(2);
  });

  it('an ordinary platform failure still counts as an attempt', async () => {
    const to: Recipient = { orgId: 'demo', channel: 'feishu', employeeId: 'e_wangqiang', address: 'open_id:ou_broken', locale: 'zh' };
    const cardKey = `approval:feishu-broken-${++seq}`;
    feishu.failNext('im.message.create', { status: 500, body: { code: 1, msg: 'internal error' } });
    await update(to, cardKey, 'broken');
    // maxAttempts 1: the failure dead-letters it.
    expect(await dispatch()).toMatchObject({ claimed: 1, dead: 1, deferred: 0 });
    expect((await outboxRow(cardKey)).status).toBe('dead');
  });

  it('Feishu: concurrent first calls fetch the tenant token once, and a hanging call gives up after its timeout', async () => {
    const fresh = new FeishuOpenApiFake({ appId: 'cli_flight', appSecret: 'secret' });
    const { url } = await fresh.start();
    try {
      const m = createFeishuMessenger({ appId: 'cli_flight', appSecret: 'secret', domain: url, limits: UNLIMITED, timeoutMs: 300 });
      await Promise.all(Array.from({ length: 10 }, (_, i) => m.sendText(`open_id:ou_flight_${i}`, `hello ${i}`, `flight-${i}`)));
      expect(fresh.callsTo('auth.tenant_access_token')).toHaveLength(1);
      expect(fresh.callsTo('im.message.create')).toHaveLength(10);
      fresh.setDelay(5_000);
      const started = Date.now();
      await expect(m.sendText('open_id:ou_flight_slow', 'slow', 'flight-slow')).rejects.toThrow(/timeout/i);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      fresh.setDelay(0);
      await fresh.stop();
    }
  });
});
