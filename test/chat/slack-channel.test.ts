// Slack end to end: signed requests into our Hono route and the inbound pipeline, the real WebClient out to a fake Web API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkIdentities } from '../../db/repos/org.js';
import { backgroundIdle } from '../../src/background.js';
import { dispatchOnce } from '../../src/jobs/dispatcher.js';
import { silentLogger } from '../../src/log.js';
import { outboxHandlers } from '../../src/services.js';
import { SlackWebApiFake } from '../fakes/slack-web-api.js';
import { signedSlackRequest } from '../fakes/sign.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { ruleParser } from '../helpers/parser.js';

const SECRET = 'slack-signing-secret';
let t: TestApp;
let fake: SlackWebApiFake;
let seq = 0;

beforeAll(async () => {
  fake = new SlackWebApiFake();
  await fake.start();
  t = await testApp({ SLACK_BOT_TOKEN: 'xoxb-fake-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl }, { parser: ruleParser });
  await linkIdentities(t.database.db, 'demo', [
    { orgId: 'demo', platform: 'slack', kind: 'slack_user', externalId: 'UZHANG', employeeId: 'e_zhangwei' },
    { orgId: 'demo', platform: 'slack', kind: 'slack_user', externalId: 'UWANG', employeeId: 'e_wangqiang' },
  ]);
});
afterAll(async () => {
  await t.close();
  await fake.stop();
});

const send = async (rawBody: string, extra: Record<string, string> = {}, timestamp = Math.floor(t.clock.now().getTime() / 1000)) => {
  const headers = { ...signedSlackRequest({ signingSecret: SECRET, rawBody, timestamp }), ...extra };
  const r = await t.app.request('/slack/events', { method: 'POST', headers, body: rawBody });
  const text = await r.text();
  return { status: r.status, body: text ? (JSON.parse(text) as any) : null };
};
const dm = (user: string, text: string, eventId = `Ev${++seq}`, extra: Record<string, string> = {}) =>
  send(JSON.stringify({ token: 't', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: eventId, event_time: 1, event: { type: 'message', channel_type: 'im', channel: `D${user.slice(1)}`, user, text, ts: `${++seq}.0001` } }), extra);
/** An interaction; a modal it asks for opens in the background after the acknowledgement, so wait for that too. */
const interact = async (payload: object) => {
  const r = await send(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  await backgroundIdle();
  return r;
};
const clickOn = (user: string, actionId: string, value: string) =>
  interact({ type: 'block_actions', user: { id: user }, team: { id: 'T1' }, api_app_id: 'A1', trigger_id: `trig${++seq}`, response_url: fake.responseUrl(`r${seq}`), container: { type: 'message', channel_id: `D${user.slice(1)}`, message_ts: '1' }, actions: [{ type: 'button', action_id: actionId, block_id: 'b', value, action_ts: `${++seq}.5` }] });

const drain = async () => {
  for (let i = 0; i < 10; i++) if ((await dispatchOnce(t.database.db, outboxHandlers(t.deps), { batch: 100, maxAttempts: 3, concurrency: 4, baseDelayMs: 0 }, silentLogger)).claimed === 0) return;
};
function buttonIn(channel: string, actionId: string): { value: string; ts: string } {
  const msgs = fake.messagesIn(channel).filter((m) => Array.isArray(m.blocks));
  for (const m of [...msgs].reverse()) {
    for (const b of m.blocks as any[]) for (const el of b.elements ?? []) if (el.action_id === actionId) return { value: el.value, ts: m.ts };
  }
  throw new Error(`no ${actionId} button in ${channel}`);
}

describe('the Slack channel', () => {
  it('answers URL verification and refuses bad or stale signatures', async () => {
    expect(await send(JSON.stringify({ type: 'url_verification', challenge: 'abc', token: 't' }))).toEqual({ status: 200, body: { challenge: 'abc' } });
    const bad = await t.app.request('/slack/events', { method: 'POST', headers: { ...signedSlackRequest({ signingSecret: 'wrong', rawBody: '{}', timestamp: Math.floor(t.clock.now().getTime() / 1000) }) }, body: '{}' });
    expect(bad.status).toBe(401);
    expect((await send('{}', {}, Math.floor(t.clock.now().getTime() / 1000) - 600)).status).toBe(401);
  });

  it('drafts from a DM, submits on the card, and the manager rejects with a reason given in a modal', async () => {
    await dm('UZHANG', '明天去天津，当天回，高铁');
    await drain();
    expect((await clickOn('UZHANG', 'submit', buttonIn('DZHANG', 'submit').value)).status).toBe(200);
    await drain();

    const reject = buttonIn('DWANG', 'reject');
    await clickOn('UWANG', 'reject', reject.value);
    const modal = fake.views.at(-1)!.view as any;
    expect(modal.callback_id).toBe('reason');
    expect(modal.private_metadata).toBe(reject.value);
    const submitted = await interact({ type: 'view_submission', user: { id: 'UWANG' }, team: { id: 'T1' }, api_app_id: 'A1', view: { id: 'V1', hash: 'h1', callback_id: 'reason', private_metadata: modal.private_metadata, state: { values: { reason: { reason: { type: 'plain_text_input', value: '预算不足' } } } } } });
    expect(submitted.status).toBe(200);
    await drain();
    // The approver's card was updated in place without buttons; the submitter heard the outcome.
    const card = fake.messagesIn('DWANG').find((m) => m.ts === reject.ts)!;
    expect(card.history.length).toBeGreaterThan(1);
    expect(JSON.stringify(card.blocks)).not.toContain('"action_id":"approve"');
    expect(fake.messagesIn('DZHANG').some((m) => JSON.stringify(m.blocks ?? m.text).includes('预算不足'))).toBe(true);
  });

  it('links a new colleague by the email on their Slack profile', async () => {
    fake.users.push({ id: 'ULINA', email: 'li.na@galaxy.example' });
    await dm('ULINA', 'lunch with client CNY 380 today');
    await drain();
    expect(buttonIn('DLINA', 'submit').value).not.toBe('');
  });

  it('answers the /spend slash command in the chat: help when empty, a draft card for a request', async () => {
    const command = (text: string) =>
      send(new URLSearchParams({ token: 't', team_id: 'T1', channel_id: 'DZHANG', user_id: 'UZHANG', command: '/spend', text, response_url: fake.responseUrl(`cmd${++seq}`), trigger_id: `cmdtrig${seq}` }).toString());
    expect((await command('')).status).toBe(200);
    await drain();
    expect(fake.messagesIn('DZHANG').at(-1)?.text).toMatch(/出差申请|Trips/);
    await command('taxi to airport CNY 45 yesterday');
    await drain();
    expect(buttonIn('DZHANG', 'submit').value).not.toBe('');
  });

  it('processes a retried event once', async () => {
    const before = fake.messagesIn('DZHANG').length;
    await dm('UZHANG', 'help', 'EvRetry');
    await dm('UZHANG', 'help', 'EvRetry', { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    await drain();
    expect(fake.messagesIn('DZHANG').length).toBe(before + 1);
  });
});

describe('editing a draft on Slack', () => {
  it('opens a modal asking what to change, and saving it replaces the draft card', async () => {
    await dm('UZHANG', '下周一去广州出差，周三回来，坐飞机');
    await drain();
    const edit = buttonIn('DZHANG', 'edit');
    await clickOn('UZHANG', 'edit', edit.value);
    const modal = fake.views.at(-1)!.view as any;
    expect(modal.callback_id).toBe('edit_draft');
    const saved = await interact({ type: 'view_submission', user: { id: 'UZHANG' }, team: { id: 'T1' }, api_app_id: 'A1', view: { id: 'V2', hash: 'h2', callback_id: 'edit_draft', private_metadata: modal.private_metadata, state: { values: { change: { change: { type: 'plain_text_input', value: '改成周四回' } } } } } });
    expect(saved.status).toBe(200);
    await drain();
    // The old card lost its buttons; a new draft card shows Thursday (26th) as the return.
    const old = fake.messagesIn('DZHANG').find((m) => m.ts === edit.ts)!;
    expect(JSON.stringify(old.blocks)).not.toContain('"action_id":"submit"');
    const fresh = buttonIn('DZHANG', 'submit');
    expect(fresh.ts).not.toBe(edit.ts);
    expect(JSON.stringify(fake.messagesIn('DZHANG').find((m) => m.ts === fresh.ts)!.blocks)).toMatch(/11月26日|Nov 26|2026-11-26/);
  });
});
