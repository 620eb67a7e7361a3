// The payout account in Feishu, end to end: signed events in, the real Lark SDK out to the fake Open API. "设置收款账户"
// answers with a card form; a bad CNAPS code is refused politely naming the field (the card keeps what was typed);
// a good one comes back masked to confirm, signed for that employee only; confirming sets it with the cooling-off
// hold. A returned payment asks "pay again to 尾号…" or "change account", and changing it goes through the same form.
// The number never reaches the database, a log line or a card.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/database.js';
import { linkIdentities } from '../../db/repos/org.js';
import { dispatchOnce } from '../../src/jobs/dispatcher.js';
import { runRetention } from '../../src/jobs/retention.js';
import { outboxHandlers } from '../../src/services.js';
import { FeishuOpenApiFake } from '../fakes/feishu-open-api.js';
import { signedFeishuRequest } from '../fakes/sign.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { capturingLogger, expectNumberNowhere } from '../helpers/no-number.js';
import { returnedPayment } from '../helpers/payables.js';
import { ruleParser } from '../helpers/parser.js';

const ENCRYPT_KEY = 'test-encrypt-key';
const TOKEN = 'test-verification-token';
const NUMBER = '6222021234567890128';
const NEW_NUMBER = '6214831234567896';
let t: TestApp;
let fake: FeishuOpenApiFake;
let seq = 0;
const logs = capturingLogger();

beforeAll(async () => {
  fake = new FeishuOpenApiFake({ appId: 'cli_test', appSecret: 'secret' });
  const { url } = await fake.start();
  t = await testApp({ FEISHU_APP_ID: 'cli_test', FEISHU_APP_SECRET: 'secret', FEISHU_ENCRYPT_KEY: ENCRYPT_KEY, FEISHU_VERIFICATION_TOKEN: TOKEN, FEISHU_DOMAIN: url }, { parser: ruleParser, log: logs.log });
  await linkIdentities(t.database.db, 'demo', [
    { orgId: 'demo', platform: 'feishu', kind: 'open_id', externalId: 'ou_zhangwei', employeeId: 'e_zhangwei' },
    { orgId: 'demo', platform: 'feishu', kind: 'open_id', externalId: 'ou_wangqiang', employeeId: 'e_wangqiang' },
  ]);
});
afterAll(async () => {
  await t.close();
  await fake.stop();
});

const post = async (body: Record<string, unknown>) => {
  const { headers, rawBody } = signedFeishuRequest({ encryptKey: ENCRYPT_KEY, verificationToken: TOKEN, body, timestamp: Math.floor(t.clock.now().getTime() / 1000) });
  const r = await t.app.request('/feishu/events', { method: 'POST', headers, body: rawBody });
  return { status: r.status, body: (await r.json()) as any };
};
const header = (eventType: string) => ({ event_id: `ev_${++seq}`, event_type: eventType, app_id: 'cli_test', tenant_key: 't1', create_time: String(t.clock.now().getTime()) });
const message = (openId: string, text: string) =>
  post({ schema: '2.0', header: header('im.message.receive_v1'), event: { sender: { sender_id: { open_id: openId }, sender_type: 'user' }, message: { message_id: `om_${seq}`, chat_id: `oc_${openId}`, chat_type: 'p2p', message_type: 'text', content: JSON.stringify({ text }) } } });
/** A click; `form` is what Feishu puts in `form_value` when a form's submit button is clicked. */
const click = (openId: string, value: string, form?: Record<string, string>) =>
  post({ schema: '2.0', header: header('card.action.trigger'), event: { operator: { open_id: openId }, action: { tag: 'button', name: 'btn', value: { t: value }, ...(form ? { form_value: form } : {}) }, context: { open_message_id: 'om_x', open_chat_id: 'oc_x' } } });
const drain = async () => {
  for (let i = 0; i < 10; i++) if ((await dispatchOnce(t.database.db, outboxHandlers(t.deps), { batch: 100, maxAttempts: 3, concurrency: 4, baseDelayMs: 0 }, logs.log)).claimed === 0) return;
};
/** The newest interactive card sent to `openId` whose content matches `re`, and its `action` button's signed value. */
function cardTo(openId: string, re: RegExp, action: string): { value: string; messageId: string; content: string } {
  const m = fake.messagesTo(openId).filter((x) => x.msgType === 'interactive' && re.test(x.content)).at(-1);
  if (!m) throw new Error(`no card matching ${re} to ${openId}`);
  for (const x of m.content.matchAll(/"value":\{"t":"([^"]+)","a":"(\w+)"\}/g)) if (x[2] === action) return { value: x[1]!, messageId: m.messageId, content: m.content };
  throw new Error(`no ${action} button on the card to ${openId}`);
}
const form = (over: Record<string, string> = {}) => ({ holderName: '张伟', account: '6222 0212 3456 7890 128', bankName: '招商银行上海分行', bankCode: '308584000013', currency: '', ...over });

describe('the payout account on Feishu', () => {
  it('answers "设置收款账户" with a card form, refuses a bad field politely, and shows a good account masked to confirm', async () => {
    await message('ou_zhangwei', '设置收款账户');
    await drain();
    const formCard = cardTo('ou_zhangwei', /"tag":"form"/, 'submit');
    for (const name of ['holderName', 'account', 'bankName', 'bankCode', 'currency']) expect(formCard.content).toContain(`"name":"${name}"`);

    // An 11-digit CNAPS code: a toast naming the field; no card in the answer, so Feishu keeps what was typed.
    const bad = await click('ou_zhangwei', formCard.value, form({ bankCode: '30858400001' }));
    expect(bad.body.toast).toMatchObject({ type: 'warning' });
    expect(bad.body.toast.content).toContain('联行号应为 12 位数字');
    expect(bad.body.toast.content).toContain('其他已填写的内容都还在');
    expect(bad.body.card).toBeUndefined();
    expect(rowsOf(await t.database.db.execute(sql`SELECT id FROM payee_drafts`))).toHaveLength(0);

    const good = await click('ou_zhangwei', formCard.value, form());
    expect(good.body.toast).toEqual({ type: 'success', content: '已收到，请在确认卡片上核对。' });
    expect(JSON.stringify(good.body.card)).not.toContain('"tag":"form"'); // the form closed
    await drain();
    const confirm = cardTo('ou_zhangwei', /请确认收款账户/, 'confirm');
    expect(confirm.content).toContain('尾号0128');
    expect(confirm.content).toContain('308584000013');
    expect(confirm.content).toContain('24 小时');
  });

  it('lets only that employee confirm; confirming sets the account with the cooling-off hold, once', async () => {
    const confirm = cardTo('ou_zhangwei', /请确认收款账户/, 'confirm');
    expect((await click('ou_wangqiang', confirm.value)).body.toast.content).toContain('这张卡片不是发给你的');

    const set = await click('ou_zhangwei', confirm.value);
    expect(set.body.toast).toEqual({ type: 'success', content: '收款账户已设置。' });
    expect(JSON.stringify(set.body.card)).toContain('已设置为收款账户');
    const payees = await t.call('GET', '/api/v1/payees?ownerType=employee&ownerId=e_zhangwei&actorId=e_zhangwei');
    expect(payees.body.payees).toEqual([expect.objectContaining({ holderName: '张伟', bankName: '招商银行上海分行', cnaps: '308584000013', masked: { zh: '尾号0128', en: '****0128' }, source: 'employee', holdUntil: '2026-11-19T02:00:00.000Z' })]);
    await drain();
    // Every copy of the confirmation card lost its buttons; the employee was told of the change and the hold.
    expect(fake.messages.get(confirm.messageId)!.content).not.toContain('"a":"confirm"');
    expect(fake.messagesTo('ou_zhangwei').some((m) => m.content.includes('收款账户已设为') && m.content.includes('暂缓'))).toBe(true);
    // The same button again: nothing left to answer.
    expect((await click('ou_zhangwei', confirm.value)).body.toast.content).toContain('已过期或已处理');
  });

  it('lets a pending account expire after 30 minutes: the button says so and the retention job wipes it', async () => {
    await message('ou_zhangwei', '设置收款账户');
    await drain();
    await click('ou_zhangwei', cardTo('ou_zhangwei', /"tag":"form"/, 'submit').value, form({ account: NEW_NUMBER }));
    await drain();
    const confirm = cardTo('ou_zhangwei', /请确认收款账户/, 'confirm');
    t.clock.advance(31 * 60_000);
    const late = await click('ou_zhangwei', confirm.value);
    expect(late.body.toast.content).toContain('已过期');
    const r = await runRetention(t.database.db, t.clock.now(), { days: 30, pauseMs: 0 });
    expect(r.payeeDrafts).toBe(1);
    expect(rowsOf(await t.database.db.execute(sql`SELECT id FROM payee_drafts`))).toHaveLength(0);
  });

  it('asks about a returned payment; "change account" opens the form and the new account answers it after its hold', async () => {
    t.clock.advance(25 * 3_600_000); // past the first account's hold
    const { payableId } = await returnedPayment(t, 'e_zhangwei', 58_000, 'AC04');
    await drain();
    const returned = cardTo('ou_zhangwei', /付款被退回/, 'pay_again');
    expect(returned.content).toContain('收款账户已销户');
    expect(returned.content).toContain('重新付款至尾号0128');
    // Until he answers, a run holds it.
    const held = await t.call('POST', '/api/v1/payment-runs', { actorId: 'e_sarah' });
    expect(held.body.run.items.find((i: { payableId: string }) => i.payableId === payableId)).toMatchObject({ state: 'held', reason: { code: 'AWAITING_PAYEE_CONFIRMATION' } });
    expect((await t.call('PUT', `/api/v1/payment-runs/${held.body.run.id}/items/${payableId}`, { actorId: 'e_sarah', state: 'excluded' })).status).toBe(200);

    const change = await click('ou_zhangwei', cardTo('ou_zhangwei', /付款被退回/, 'change_account').value);
    expect(change.body.toast.content).toContain('请填写新的收款账户');
    await drain();
    const formCard = cardTo('ou_zhangwei', /更换收款账户/, 'submit');
    await click('ou_zhangwei', formCard.value, form({ account: NEW_NUMBER, bankName: '招商银行北京分行' }));
    await drain();
    await click('ou_zhangwei', cardTo('ou_zhangwei', /请确认收款账户/, 'confirm').value);
    await drain();
    // The returned card says the account was changed, with no buttons left; the payable no longer waits on him.
    const after = fake.messages.get(returned.messageId)!.content;
    expect(after).toContain('已更换收款账户');
    expect(after).not.toContain('"a":"pay_again"');
    const [row] = rowsOf<{ awaiting: string | null }>(await t.database.db.execute(sql`SELECT awaiting_payee_since AS awaiting FROM payables WHERE id = ${payableId}`));
    expect(row!.awaiting).toBeNull();
    // The next run holds it for the new account's cooling-off period instead.
    const next = await t.call('POST', '/api/v1/payment-runs', { actorId: 'e_sarah' });
    expect(next.body.run.items.find((i: { payableId: string }) => i.payableId === payableId)).toMatchObject({ state: 'held', reason: { code: 'PAYEE_ON_HOLD' } });
  });

  it('never lets the number reach the database, a log line or anything sent to Feishu', async () => {
    const sent = [...fake.messages.values()].map((m) => [m.content, ...m.history]);
    for (const n of [NUMBER, NEW_NUMBER]) await expectNumberNowhere(t.database.db, n, { logLines: logs.lines, sent });
  });
});
