// A visit registered on Feishu end to end: signed events in, the real Lark SDK out to a fake Open API. The host
// writes one sentence, answers the mobile question, submits the draft card; the manager's card shows the visit's fields
// and only the chosen types; on approval the host and the reception desk get the schedule card, once each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkIdentities } from '../../db/repos/org.js';
import { dispatchOnce } from '../../src/jobs/dispatcher.js';
import { silentLogger } from '../../src/log.js';
import { outboxHandlers } from '../../src/services.js';
import { FeishuOpenApiFake } from '../fakes/feishu-open-api.js';
import { signedFeishuRequest } from '../fakes/sign.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { ruleParser } from '../helpers/parser.js';

const ENCRYPT_KEY = 'test-encrypt-key';
const TOKEN = 'test-verification-token';
let t: TestApp;
let fake: FeishuOpenApiFake;
let seq = 0;

beforeAll(async () => {
  fake = new FeishuOpenApiFake({ appId: 'cli_test', appSecret: 'secret' });
  const { url } = await fake.start();
  t = await testApp(
    { FEISHU_APP_ID: 'cli_test', FEISHU_APP_SECRET: 'secret', FEISHU_ENCRYPT_KEY: ENCRYPT_KEY, FEISHU_VERIFICATION_TOKEN: TOKEN, FEISHU_DOMAIN: url },
    { parser: ruleParser },
  );
  await linkIdentities(t.database.db, 'demo', [
    { orgId: 'demo', platform: 'feishu', kind: 'open_id', externalId: 'ou_zhangwei', employeeId: 'e_zhangwei' },
    { orgId: 'demo', platform: 'feishu', kind: 'open_id', externalId: 'ou_wangqiang', employeeId: 'e_wangqiang' },
    { orgId: 'demo', platform: 'feishu', kind: 'open_id', externalId: 'ou_sunli', employeeId: 'e_sunli' },
  ]);
  expect((await t.call('PUT', '/api/v1/sites/hq', { actorId: 'e_sunli', name: '上海总部', address: '世纪大道100号', rules: [], deskIds: ['e_sunli'] })).status).toBe(200);
});
afterAll(async () => {
  await t.close();
  await fake.stop();
});

const post = async (body: Record<string, unknown>, opts: { encryptKey?: string; timestamp?: number } = {}) => {
  const { headers, rawBody } = signedFeishuRequest({
    encryptKey: opts.encryptKey ?? ENCRYPT_KEY,
    verificationToken: TOKEN,
    body,
    timestamp: opts.timestamp ?? Math.floor(t.clock.now().getTime() / 1000),
  });
  const r = await t.app.request('/feishu/events', { method: 'POST', headers, body: rawBody });
  return { status: r.status, body: (await r.json()) as any };
};
const header = (eventType: string, eventId = `ev_${++seq}`) => ({ event_id: eventId, event_type: eventType, app_id: 'cli_test', tenant_key: 't1', create_time: String(t.clock.now().getTime()) });
const message = (openId: string, text: string, eventId?: string) =>
  post({ schema: '2.0', header: header('im.message.receive_v1', eventId), event: { sender: { sender_id: { open_id: openId }, sender_type: 'user' }, message: { message_id: `om_${seq}`, chat_id: `oc_${openId}`, chat_type: 'p2p', message_type: 'text', content: JSON.stringify({ text }) } } });
/** A click on a card; `messageId`: the message Feishu says was clicked (by default one the service never sent). */
const click = (openId: string, value: string, reason?: string, messageId = 'om_x') =>
  post({ schema: '2.0', header: header('card.action.trigger'), event: { operator: { open_id: openId }, action: { tag: 'button', value: { t: value }, ...(reason ? { form_value: { reason } } : {}) }, context: { open_message_id: messageId, open_chat_id: 'oc_x' } } });

const drain = async () => {
  for (let i = 0; i < 10; i++) if ((await dispatchOnce(t.database.db, outboxHandlers(t.deps), { batch: 100, maxAttempts: 3, concurrency: 4, baseDelayMs: 0 }, silentLogger)).claimed === 0) return;
};
/** The signed value of the `action` button on the newest card sent to `openId`. */
function buttonOn(openId: string, action: string): { value: string; messageId: string } {
  const msgs = fake.messagesTo(openId).filter((m) => m.msgType === 'interactive');
  const m = msgs.at(-1)!;
  const found = /"value":\{"t":"([^"]+)","a":"(\w+)"\}/g;
  for (const x of m.content.matchAll(found)) if (x[2] === action) return { value: x[1]!, messageId: m.messageId };
  throw new Error(`no ${action} button on the card to ${openId}`);
}

/** Feishu markdown escapes the mask's stars. */
const plain = (content: string) => content.replace(/&#42;/g, '*');

describe('a visit on Feishu', () => {
  it('asks for the mobile, registers the visit on Submit, shows it to the approver, and sends the staff the schedule on approval', async () => {
    expect((await message('ou_zhangwei', '明天下午两点ABC科技王强等2人来访，需要会议室和午餐')).status).toBe(200);
    await drain();
    // One site: no question about it; the mobile is asked.
    expect(fake.messagesTo('ou_zhangwei').at(-1)!.content).toContain('王强的手机号是多少');
    await message('ou_zhangwei', '+86 138 0013 8000');
    await drain();
    const draftCard = plain(fake.messagesTo('ou_zhangwei').filter((m) => m.msgType === 'interactive').at(-1)!.content);
    expect(draftCard).toContain('****8000');
    expect(draftCard).not.toContain('13800138000');
    const submitted = await click('ou_zhangwei', buttonOn('ou_zhangwei', 'submit').value);
    expect(submitted.body.toast.type).toBe('success');
    await drain();

    const approverCard = plain(fake.messagesTo('ou_wangqiang').filter((m) => m.msgType === 'interactive').at(-1)!.content);
    for (const text of ['王强（ABC科技 · ****8000）', '王强的同行人1', '接待级别', '上海总部', '会议室、用餐', '预计 · 餐饮', '按接待标准']) expect(approverCard).toContain(text);
    for (const other of ['预计 · 住宿', '预计 · 酒水', '预计 · 交通', '预计 · 礼品']) expect(approverCard).not.toContain(other);
    const approved = await click('ou_wangqiang', buttonOn('ou_wangqiang', 'approve').value);
    expect(approved.body.toast.type).toBe('success');
    await drain();
    for (const openId of ['ou_zhangwei', 'ou_sunli']) {
      const schedules = fake.messagesTo(openId).filter((m) => m.content.includes('来访已批准 · 接待安排'));
      expect(schedules, openId).toHaveLength(1);
      expect(schedules[0]!.content).toContain('会议室、用餐');
    }
  });
});
