// The payout account on Slack, end to end: signed requests into our route, the real WebClient out to the fake Web
// API. A message cannot hold inputs, so "set my bank account" answers with a button opening a modal (views.open);
// a bad IBAN is refused on its field with `response_action: errors` (the modal stays open with what was typed); a
// good account comes back masked on a card to confirm. "Change account" on a returned payment opens the modal
// directly. The number never reaches the database, a log line or anything sent to Slack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkIdentities } from '../../db/repos/org.js';
import { dispatchOnce } from '../../src/jobs/dispatcher.js';
import { outboxHandlers } from '../../src/services.js';
import { SlackWebApiFake } from '../fakes/slack-web-api.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { capturingLogger, expectNumberNowhere } from '../helpers/no-number.js';
import { returnedPayment } from '../helpers/payables.js';
import { ruleParser } from '../helpers/parser.js';
import { slackDriver } from '../helpers/slack-driver.js';

const SECRET = 'slack-signing-secret';
const IBAN = 'DE89370400440532013000';
let t: TestApp;
let fake: SlackWebApiFake;
const logs = capturingLogger();

beforeAll(async () => {
  fake = new SlackWebApiFake();
  await fake.start();
  t = await testApp({ SLACK_BOT_TOKEN: 'xoxb-fake-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl }, { parser: ruleParser, log: logs.log });
  await linkIdentities(t.database.db, 'demo', [{ orgId: 'demo', platform: 'slack', kind: 'slack_user', externalId: 'UDAVID', employeeId: 'e_david' }]);
});
afterAll(async () => {
  await t.close();
  await fake.stop();
});

const { dm, interact, clickOn, buttonIn, next } = slackDriver(() => t, () => fake, SECRET);
const submitModal = (user: string, modal: { private_metadata: string }, fields: Record<string, string>) =>
  interact({
    type: 'view_submission',
    user: { id: user },
    team: { id: 'T1' },
    api_app_id: 'A1',
    view: { id: `V${next()}`, hash: 'h1', callback_id: 'payee_form', private_metadata: modal.private_metadata, state: { values: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { [k]: { type: 'plain_text_input', value: v } }])) } },
  });
const drain = async () => {
  for (let i = 0; i < 10; i++) if ((await dispatchOnce(t.database.db, outboxHandlers(t.deps), { batch: 100, maxAttempts: 3, concurrency: 4, baseDelayMs: 0 }, logs.log)).claimed === 0) return;
};
const account = { holderName: 'David Miller', account: 'DE89 3704 0044 0532 0130 00', bankName: 'Commerzbank Berlin', bankCode: 'COBADEFFXXX', currency: 'EUR' };

describe('the payout account on Slack', () => {
  it('opens a modal from the card, refuses a bad IBAN on its field, and shows a good one masked to confirm', async () => {
    await dm('UDAVID', 'set my bank account');
    await drain();
    const open = buttonIn('DDAVID', 'enter_account');
    await clickOn('UDAVID', 'enter_account', open.value);
    const modal = fake.views.at(-1)!.view as any;
    expect(modal.callback_id).toBe('payee_form');
    expect(modal.blocks.map((b: { block_id: string }) => b.block_id)).toEqual(['holderName', 'account', 'bankName', 'bankCode', 'currency']);

    const bad = await submitModal('UDAVID', modal, { ...account, account: 'DE89 3704 0044 0532 0130 01' });
    expect(bad.body.response_action).toBe('errors');
    expect(bad.body.errors.account).toContain('The IBAN check digits do not match');

    const good = await submitModal('UDAVID', modal, account);
    expect(good).toEqual({ status: 200, body: null }); // the modal closes
    await drain();
    const confirm = buttonIn('DDAVID', 'confirm');
    expect(confirm.text).toContain('****3000');
    expect(confirm.text).toContain('COBADEFFXXX');
    expect(confirm.text).toContain('EUR');
  });

  it('sets the account on Confirm; the card is updated in place without buttons', async () => {
    const confirm = buttonIn('DDAVID', 'confirm');
    await clickOn('UDAVID', 'confirm', confirm.value);
    await drain();
    const card = fake.messagesIn('DDAVID').find((m) => m.ts === confirm.ts)!;
    expect(JSON.stringify(card.blocks)).toContain('Set as your payout account');
    expect(JSON.stringify(card.blocks)).not.toContain('"action_id":"confirm"');
    const payees = await t.call('GET', '/api/v1/payees?ownerType=employee&ownerId=e_david&actorId=e_david');
    expect(payees.body.payees[0]).toMatchObject({ bic: 'COBADEFFXXX', currency: 'EUR', masked: { en: '****3000' }, source: 'employee' });
  });

  it('pays a returned payment again on "Pay again to ****3000", and "Change account" opens the modal directly', async () => {
    const { payableId } = await returnedPayment(t, 'e_david', 12_000, 'AC01');
    await drain();
    const payAgain = buttonIn('DDAVID', 'pay_again');
    expect(payAgain.text).toContain('Pay again to ****3000');
    expect(payAgain.text).toContain('the account number is wrong');
    const change = buttonIn('DDAVID', 'change_account');
    await clickOn('UDAVID', 'change_account', change.value);
    const modal = fake.views.at(-1)!.view as any;
    expect(modal.callback_id).toBe('payee_form');
    expect(modal.title.text).toBe('Change payout account');

    await clickOn('UDAVID', 'pay_again', payAgain.value);
    await drain();
    const card = fake.messagesIn('DDAVID').find((m) => m.ts === payAgain.ts)!;
    expect(JSON.stringify(card.blocks)).toContain('Account confirmed');
    const run = await t.call('POST', '/api/v1/payment-runs', { actorId: 'e_sarah' });
    const item = run.body.run.items.find((i: { payableId: string }) => i.payableId === payableId);
    expect(item.reason?.code).not.toBe('AWAITING_PAYEE_CONFIRMATION');
  });

  it('never lets the IBAN reach the database, a log line or anything sent to Slack', async () => {
    await expectNumberNowhere(t.database.db, IBAN, { logLines: logs.lines, sent: { messages: fake.messagesIn('DDAVID').map((m) => [m.text, m.blocks, m.history]), views: fake.views } });
  });
});
