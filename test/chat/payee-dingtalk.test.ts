// The payout account on DingTalk, end to end: robot messages over the Stream long connection (the real
// dingtalk-stream client against the fake gateway), cards and messages out through the fake Open API. DingTalk cards
// cannot take input, so the form card says which line to type; the typed line is read tolerant of how people write
// it, a bad field answered politely, a good account shown masked on a card to confirm by clicking. The number never
// reaches the database, a log line or anything sent to DingTalk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkIdentities } from '../../db/repos/org.js';
import { startDingTalkStream } from '../../src/channels/dingtalk-stream.js';
import { dispatchOnce } from '../../src/jobs/dispatcher.js';
import { outboxHandlers } from '../../src/services.js';
import type { DingTalkStreamClient } from '../../bots/dingtalk/stream-client.js';
import { DingTalkFake } from '../fakes/dingtalk.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { capturingLogger, expectNumberNowhere } from '../helpers/no-number.js';
import { returnedPayment } from '../helpers/payables.js';
import { ruleParser } from '../helpers/parser.js';

const NUMBER = '6222021234567890128';
let t: TestApp;
let fake: DingTalkFake;
let stream: DingTalkStreamClient;
const logs = capturingLogger();

beforeAll(async () => {
  fake = new DingTalkFake();
  const { url } = await fake.start();
  t = await testApp({ DINGTALK_CLIENT_ID: fake.clientId, DINGTALK_CLIENT_SECRET: fake.clientSecret, DINGTALK_CARD_TEMPLATE_ID: 'tpl.spend', DINGTALK_API_URL: url, DINGTALK_OAPI_URL: url, DINGTALK_MODE: 'http' }, { parser: ruleParser, log: logs.log });
  await linkIdentities(t.database.db, 'demo', [{ orgId: 'demo', platform: 'dingtalk', kind: 'user_id', externalId: 'staff_zw', employeeId: 'e_zhangwei' }]);
  stream = startDingTalkStream({ ...t.deps, parser: ruleParser, orgId: 'demo', autoLink: true }, { clientId: fake.clientId, clientSecret: fake.clientSecret, apiUrl: url, mode: 'stream' }, { autoReconnect: false });
  await fake.gateway.waitForConnection();
});
afterAll(async () => {
  stream.disconnect();
  await t.close();
  await fake.stop();
});

const drain = async () => {
  for (let i = 0; i < 10; i++) if ((await dispatchOnce(t.database.db, outboxHandlers(t.deps), { batch: 100, maxAttempts: 3, concurrency: 4, baseDelayMs: 0 }, logs.log)).claimed === 0) return;
};
const say = async (text: string) => {
  await fake.pushRobotMessage({ senderStaffId: 'staff_zw', text });
  await drain();
};
/** The newest card to 张伟 whose params match `re`. */
function cardFor(re: RegExp) {
  const card = [...fake.cards.values()].filter((c) => c.openSpaceId === 'dtv1.card//IM_ROBOT.staff_zw' && re.test(JSON.stringify(c.params))).at(-1);
  if (!card) throw new Error(`no card matching ${re}`);
  return card;
}
const lastText = () => JSON.stringify(fake.robotMessages.at(-1)?.body ?? {});

describe('the payout account on DingTalk', () => {
  it('answers "设置收款账户" with the line to type, since its cards take no input', async () => {
    await say('设置收款账户');
    const card = cardFor(/payee_form/);
    expect(String(card.params.markdown)).toContain('收款账户 户名 账号 开户行 联行号');
    expect(card.params.has_buttons).toBe('false');
  });

  it('answers a typed line with a bad CNAPS code politely, naming the field', async () => {
    await say(`收款账户 张伟 ${NUMBER} 招商银行 30858400001`);
    expect(lastText()).toContain('联行号应为 12 位数字');
    expect(lastText()).toContain('请改正后把整行重新发一次');
  });

  it('reads a line written without spaces and with grouped digits, and sets the account once confirmed on the card', async () => {
    await say('收款账户张伟6222 0212 3456 7890 128招商银行上海分行308584000013');
    const card = cardFor(/payee_confirm/);
    expect(String(card.params.markdown)).toContain('尾号0128');
    expect(String(card.params.markdown)).toContain('招商银行上海分行');
    const answered = await fake.pushCardCallback({ outTrackId: card.outTrackId, userId: 'staff_zw', actionIds: ['btn_confirm'], params: { t: String(card.params.btn_confirm_value) } });
    expect(JSON.stringify(answered.ack.data)).toContain('收款账户已设置');
    await drain();
    expect(fake.cards.get(card.outTrackId)!.params.btn_confirm_value).toBe('');
    const payees = await t.call('GET', '/api/v1/payees?ownerType=employee&ownerId=e_zhangwei&actorId=e_zhangwei');
    expect(payees.body.payees[0]).toMatchObject({ holderName: '张伟', bankName: '招商银行上海分行', masked: { zh: '尾号0128' }, source: 'employee' });
  });

  it('asks about a returned payment; "change account" gives the line to type again', async () => {
    await returnedPayment(t, 'e_zhangwei', 30_000, 'AC04');
    await drain();
    const card = cardFor(/payment_returned/);
    expect(card.params.btn_pay_again_text).toBe('重新付款至尾号0128');
    await fake.pushCardCallback({ outTrackId: card.outTrackId, userId: 'staff_zw', actionIds: ['btn_change_account'], params: { t: String(card.params.btn_change_account_value) } });
    await drain();
    expect(String(cardFor(/payee_form/).params.title)).toBe('更换收款账户');
  });

  it('never lets the number reach the database, a log line or anything sent to DingTalk', async () => {
    await expectNumberNowhere(t.database.db, NUMBER, { logLines: logs.lines, sent: { cards: [...fake.cards.values()].map((c) => [c.params, c.history]), messages: fake.robotMessages } });
  });
});
