// Feishu end to end: signed events in, the real Lark SDK out to a fake Open API. An employee asks for a trip, submits
// the draft card, the manager approves on their card; every copy is patched; bad input is refused and nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { cardsByKey } from '../../db/repos/chat.js';
import { linkIdentities } from '../../db/repos/org.js';
import { chatCards } from '../../db/schema/index.js';
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
  ]);
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

describe('the Feishu channel', () => {
  it('answers URL verification and refuses bad signatures, stale timestamps and undecryptable bodies', async () => {
    expect(await post({ type: 'url_verification', challenge: 'c-123', token: TOKEN })).toEqual({ status: 200, body: { challenge: 'c-123' } });
    expect((await post({ schema: '2.0', header: header('im.message.receive_v1'), event: {} }, { encryptKey: 'wrong-key' })).status).toBe(401);
    expect((await post({ schema: '2.0', header: header('im.message.receive_v1'), event: {} }, { timestamp: Math.floor(t.clock.now().getTime() / 1000) - 3600 })).status).toBe(401);
    const r = await t.app.request('/feishu/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"encrypt":"not base64 at all"' });
    expect(r.status).toBe(400);
  });

  it('turns a message into a draft card, submits it, and the manager approves on their card', async () => {
    expect((await message('ou_zhangwei', '明天去天津，当天回，高铁')).status).toBe(200);
    await drain();
    const draft = buttonOn('ou_zhangwei', 'submit');
    const submitted = await click('ou_zhangwei', draft.value);
    expect(submitted.body.toast.type).toBe('success');
    expect(JSON.stringify(submitted.body.card)).not.toContain('"t":"'); // the returned draft card has no buttons
    await drain();

    const approve = buttonOn('ou_wangqiang', 'approve');
    const approved = await click('ou_wangqiang', approve.value);
    expect(approved.body.toast.type).toBe('success');
    await drain();
    // The approver's card was patched in place: same message, no buttons any more.
    const card = fake.messages.get(approve.messageId)!;
    expect(card.history.length).toBeGreaterThan(1);
    expect(card.content).not.toContain('"t":"');
    // The submitter was told.
    expect(fake.messagesTo('ou_zhangwei').some((m) => /已通过|审批通过|Approved/.test(m.content))).toBe(true);

    // A second click on the old button answers who decided, and changes nothing.
    const again = await click('ou_wangqiang', approve.value);
    expect(again.body.toast.content).toMatch(/已由 王强 于 .+ 审批通过/);
  });

  it('processes a retried delivery once, and tells an unknown user how to get linked', async () => {
    const before = fake.messagesTo('ou_zhangwei').length;
    await message('ou_zhangwei', '帮助', 'ev_dup');
    await message('ou_zhangwei', '帮助', 'ev_dup');
    await drain();
    expect(fake.messagesTo('ou_zhangwei').length).toBe(before + 1);

    await message('ou_stranger', '你好');
    await drain();
    expect(fake.messagesTo('ou_stranger').at(-1)?.content).toContain('还不认识你的账号');
  });

  it('answers in a group only when mentioned, replying to the group; unknown event types are acknowledged and ignored', async () => {
    const group = (mentions: object[]) =>
      post({ schema: '2.0', header: header('im.message.receive_v1'), event: { sender: { sender_id: { open_id: 'ou_zhangwei' }, sender_type: 'user' }, message: { message_id: `om_g${seq}`, chat_id: 'oc_team', chat_type: 'group', message_type: 'text', content: JSON.stringify({ text: '@_user_1 帮助' }), mentions } } });
    await group([]);
    await drain();
    expect(fake.messagesTo('oc_team')).toHaveLength(0);
    await group([{ key: '@_user_1', id: { open_id: 'ou_bot' }, name: 'Spendbot' }]);
    await drain();
    expect(fake.messagesTo('oc_team').at(-1)?.content).toContain('出差申请');
    expect(await post({ schema: '2.0', header: header('contact.user.updated_v3'), event: { object: {} } })).toEqual({ status: 200, body: {} });
  });

  it('links a new colleague by the email their Feishu account has, and serves them at once', async () => {
    fake.addUser({ openId: 'ou_lina', email: 'Li.Na@galaxy.example' });
    await message('ou_lina', '报销今天午饭 36元');
    await drain();
    expect(buttonOn('ou_lina', 'submit').value).not.toBe('');
  });

  it('says so when someone who is not the approver clicks an approval button', async () => {
    await message('ou_zhangwei', '报销今天午饭 36元');
    await drain();
    await click('ou_zhangwei', buttonOn('ou_zhangwei', 'submit').value);
    await drain();
    const approve = buttonOn('ou_wangqiang', 'approve');
    const r = await click('ou_zhangwei', approve.value);
    expect(r.body.toast.content).toContain('这张卡片不是发给你的');
  });

  it('answers an approval click with the clicker’s card as it now stands, which the outbox then leaves alone', async () => {
    const adv = await t.call('POST', '/api/v1/advances', { submitterId: 'e_zhangwei', amount: { minor: 20_000, currency: 'CNY' }, purpose: '客户拜访备用金' });
    expect(adv.status).toBe(201);
    await drain();
    const approve = buttonOn('ou_wangqiang', 'approve');
    const [copy] = await t.database.db.select().from(chatCards).where(eq(chatCards.messageId, approve.messageId));
    const r = await click('ou_wangqiang', approve.value, undefined, approve.messageId);
    expect(r.body.toast).toEqual({ type: 'success', content: expect.stringMatching(/^已同意 张伟的借款申请 AD-\d{4}，已转 .+ 审批。$/) });
    // Feishu replaces the clicked card with this one: no buttons for 王强 any more, the next step and who is on it.
    expect(r.body.card.type).toBe('raw');
    const shown = JSON.stringify(r.body.card.data);
    expect(shown).toContain('"schema":"2.0"');
    expect(shown).not.toContain('"t":"');
    expect(shown).toContain('Sarah Johnson');
    await drain();
    // The outbox did not patch that message again, and the submitter's other copies moved on as before.
    expect(fake.messages.get(approve.messageId)!.history).toHaveLength(1);
    const copies = await cardsByKey(t.database.db, 'demo', copy!.cardKey);
    const feishu = copies.find((c) => c.channel === 'feishu' && c.recipientId === 'e_wangqiang')!;
    const web = copies.find((c) => c.channel === 'web' && c.recipientId === 'e_wangqiang')!;
    expect(feishu).toMatchObject({ version: copy!.version + 1, deliveredVersion: copy!.version + 1 });
    // What the answer drew from the stored copy is what the refresh draws from the request (here: the console copy).
    expect(feishu.view).toEqual(web.view);
  });
});
