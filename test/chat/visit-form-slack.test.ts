// The visit registration form on Slack, end to end: signed requests into our route, the real WebClient out to the fake
// Web API. A message cannot hold inputs, so "register a visitor" answers with a button opening a modal (views.open);
// an invalid mobile is refused on its field with `response_action: errors` (the modal stays open with what was typed);
// a good one registers the visit (the approver gets the approval card, the form card is updated in place); the same
// modal submitted again (a retry) registers nothing more.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/database.js';
import { linkIdentities } from '../../db/repos/org.js';
import { dispatchOnce } from '../../src/jobs/dispatcher.js';
import { silentLogger } from '../../src/log.js';
import { outboxHandlers } from '../../src/services.js';
import { SlackWebApiFake } from '../fakes/slack-web-api.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { ruleParser } from '../helpers/parser.js';
import { slackDriver } from '../helpers/slack-driver.js';

const SECRET = 'slack-signing-secret';
let t: TestApp;
let fake: SlackWebApiFake;

beforeAll(async () => {
  fake = new SlackWebApiFake();
  await fake.start();
  t = await testApp({ SLACK_BOT_TOKEN: 'xoxb-fake-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl }, { parser: ruleParser });
  await linkIdentities(t.database.db, 'demo', [
    { orgId: 'demo', platform: 'slack', kind: 'slack_user', externalId: 'UDAVID', employeeId: 'e_david' },
    { orgId: 'demo', platform: 'slack', kind: 'slack_user', externalId: 'UWANG', employeeId: 'e_wangqiang' },
  ]);
  // One site: the form asks for none.
  expect((await t.call('PUT', '/api/v1/sites/hq', { actorId: 'e_sunli', name: 'Shanghai HQ', address: '100 Century Ave', rules: [], deskIds: ['e_sunli'] })).status).toBe(200);
});
afterAll(async () => {
  await t.close();
  await fake.stop();
});

const { dm, interact, clickOn, buttonIn, next } = slackDriver(() => t, () => fake, SECRET);
/** The modal's state as Slack sends it: each input under its block and action id, by the kind of element. */
const stateOf = (fields: Record<string, string | string[]>, kinds: Record<string, string>) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => {
    const kind = kinds[k];
    const state =
      kind === 'static_select' ? { type: kind, selected_option: { text: { type: 'plain_text', text: String(v) }, value: v } }
      : kind === 'multi_static_select' ? { type: kind, selected_options: (v as string[]).map((x) => ({ text: { type: 'plain_text', text: x }, value: x })) }
      : kind === 'datepicker' ? { type: kind, selected_date: v }
      : kind === 'timepicker' ? { type: kind, selected_time: v }
      : { type: 'plain_text_input', value: v };
    return [k, { [k]: state }];
  }));
const submitModal = (user: string, modal: any, fields: Record<string, string | string[]>, viewId = `V${next()}`) => {
  const kinds = Object.fromEntries((modal.blocks as any[]).map((b) => [b.block_id, b.element.type]));
  return interact({ type: 'view_submission', user: { id: user }, team: { id: 'T1' }, api_app_id: 'A1', view: { id: viewId, hash: 'h1', callback_id: modal.callback_id, private_metadata: modal.private_metadata, state: { values: stateOf(fields, kinds) } } });
};
const drain = async () => {
  for (let i = 0; i < 10; i++) if ((await dispatchOnce(t.database.db, outboxHandlers(t.deps), { batch: 100, maxAttempts: 3, concurrency: 4, baseDelayMs: 0 }, silentLogger)).claimed === 0) return;
};
const count = async (table: 'visits' | 'requests') => rowsOf<{ n: number }>(await t.database.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table} WHERE org_id = 'demo'`)))[0]!.n;
const visit = {
  visitors: 'Wang Qiang\nLi Na', company: 'ABC Tech', title: 'Buyer', mobile: '+86 138 0013 8000', level: 'standard', purpose: 'Contract talks',
  date: '2026-11-19', startTime: '14:00', endTime: '15:30', companions: '张伟', resources: ['meeting_room', 'car'], estimate: '900',
};

describe('the visit form on Slack', () => {
  let modal: any;
  let card: { value: string; ts: string };

  it('answers "register a visitor" with a button opening the form as a modal of input blocks', async () => {
    await dm('UDAVID', 'register a visitor');
    await drain();
    card = buttonIn('DDAVID', 'open_form');
    await clickOn('UDAVID', 'open_form', card.value);
    modal = fake.views.at(-1)!.view as any;
    expect(modal.callback_id).toBe('visit_form');
    expect(modal.private_metadata).toBe(card.value);
    expect(modal.title.text).toBe('Register a visit');
    // One site: no site to choose.
    expect(modal.blocks.map((b: { block_id: string }) => b.block_id)).toEqual(['visitors', 'company', 'title', 'mobile', 'idNumber', 'level', 'purpose', 'date', 'startTime', 'endTime', 'companions', 'resources', 'estimate']);
    expect(modal.blocks.find((b: any) => b.block_id === 'date').element.type).toBe('datepicker');
  });

  it('refuses an invalid mobile on its field, keeping the modal open with what was typed, and registers nothing', async () => {
    const bad = await submitModal('UDAVID', modal, { ...visit, mobile: '+86 123 4567 8901' });
    expect(bad.body.response_action).toBe('errors');
    expect(Object.keys(bad.body.errors)).toEqual(['mobile']);
    expect(bad.body.errors.mobile).toContain('Mobile: ****8901 cannot receive a text');
    expect(bad.body.errors.mobile).toContain('everything else you typed is still there');
    expect(await count('visits')).toBe(0);
  });

  it('registers a good form: the modal closes, the approver gets the approval card, the form card is updated in place', async () => {
    const good = await submitModal('UDAVID', modal, visit, 'VGOOD');
    expect(good).toEqual({ status: 200, body: null });
    expect(await count('visits')).toBe(1);
    const [row] = rowsOf<{ companions: string[]; estimate: Record<string, number>; ends_at: Date | string }>(await t.database.db.execute(sql`SELECT companions, estimate, ends_at FROM visits WHERE org_id = 'demo'`));
    expect(row!.companions).toEqual(['e_zhangwei']);
    // 900 yuan over the chosen types the standards price (the car's transport).
    expect(row!.estimate).toEqual({ transport: 90_000 });
    expect(new Date(row!.ends_at).toISOString()).toBe('2026-11-19T07:30:00.000Z');
    await drain();
    const approve = buttonIn('DWANG', 'approve');
    // The approver reads Chinese: the visit's fields on the same approval card as every other way of registering.
    for (const s of ['Wang Qiang（ABC Tech · Buyer · ****8000）', 'Li Na', '会议室、用车', '陪同人员*\\n张伟', '预计 · 交通', 'Contract talks']) expect(approve.text).toContain(s);
    const updated = fake.messagesIn('DDAVID').find((m) => m.ts === card.ts)!;
    expect(JSON.stringify(updated.blocks)).toContain('Submitted for approval');
    expect(JSON.stringify(updated.blocks)).not.toContain('"action_id":"open_form"');
  });

  it('registers nothing more when the same modal is submitted again: it just closes', async () => {
    const again = await submitModal('UDAVID', modal, visit, 'VGOOD');
    expect(again).toEqual({ status: 200, body: null });
    await drain();
    expect(await count('visits')).toBe(1);
    expect(await count('requests')).toBe(1);
    expect(fake.messagesIn('DWANG').filter((m) => JSON.stringify(m.blocks).includes('"action_id":"approve"'))).toHaveLength(1);
  });
});
