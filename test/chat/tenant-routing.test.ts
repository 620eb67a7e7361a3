// One deployment, two organisations on each platform: events are routed by the platform tenant (Feishu tenant_key,
// DingTalk corpId, Slack team_id); an unregistered tenant is acknowledged and nothing is written; a click cannot act on a
// card of another organisation; DingTalk HTTP-mode (timestamp, sign) pairs are accepted once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createOrganisation, linkIdentities, upsertDepartments, upsertEmployees } from '../../db/repos/org.js';
import { registerTenant } from '../../db/repos/tenants.js';
import { signAction } from '../../src/chat/action-token.js';
import { T } from '../../src/chat/texts.js';
import { signedDingTalkHeaders, signedFeishuRequest, signedSlackRequest } from '../fakes/sign.js';
import { SlackWebApiFake } from '../fakes/slack-web-api.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { ruleParser } from '../helpers/parser.js';

const ENCRYPT_KEY = 'routing-encrypt-key';
const TOKEN = 'routing-token';
const DT_SECRET = 'dingtalk-secret';
const SLACK_SECRET = 'slack-secret';
let t: TestApp;
let slack: SlackWebApiFake;
let seq = 0;

beforeAll(async () => {
  slack = new SlackWebApiFake();
  await slack.start();
  t = await testApp(
    {
      FEISHU_APP_ID: 'cli_multi',
      FEISHU_APP_SECRET: 'secret',
      FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
      FEISHU_VERIFICATION_TOKEN: TOKEN,
      FEISHU_DOMAIN: 'http://127.0.0.1:9',
      DINGTALK_CLIENT_ID: 'ding_multi',
      DINGTALK_CLIENT_SECRET: DT_SECRET,
      DINGTALK_CARD_TEMPLATE_ID: 'tpl',
      DINGTALK_MODE: 'http',
      DINGTALK_API_URL: 'http://127.0.0.1:9',
      DINGTALK_OAPI_URL: 'http://127.0.0.1:9',
      SLACK_BOT_TOKEN: 'xoxb-fake-token',
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: slack.apiUrl,
    },
    { parser: ruleParser },
  );
  const db = t.database.db;
  await createOrganisation(db, { id: 'acme', name: 'Acme', timeZone: 'Europe/London', defaultCurrency: 'GBP' });
  await upsertDepartments(db, [{ id: 'd_acme', orgId: 'acme', name: 'Acme HQ', parentId: null, headId: null }], t.clock.now());
  await upsertEmployees(db, [{ id: 'e_bob', orgId: 'acme', name: 'Bob', departmentId: 'd_acme', managerId: null, roles: ['employee'], grade: 1, locale: 'en', active: true }], t.clock.now());
  for (const [platform, a, b] of [['feishu', 'tk_a', 'tk_b'], ['dingtalk', 'corp_a', 'corp_b'], ['slack', 'TA', 'TB']] as const) {
    expect((await registerTenant(db, 'demo', platform, a)).ok).toBe(true);
    expect((await registerTenant(db, 'acme', platform, b)).ok).toBe(true);
  }
  // The same user id in both tenants belongs to a different person in each organisation.
  await linkIdentities(db, 'demo', [
    { platform: 'feishu', tenant: 'tk_a', kind: 'open_id', externalId: 'ou_same', employeeId: 'e_zhangwei' },
    { platform: 'dingtalk', tenant: 'corp_a', kind: 'user_id', externalId: 'staff_same', employeeId: 'e_zhangwei' },
    { platform: 'slack', tenant: 'TA', kind: 'slack_user', externalId: 'USAME', employeeId: 'e_zhangwei' },
  ]);
  await linkIdentities(db, 'acme', [
    { platform: 'feishu', tenant: 'tk_b', kind: 'open_id', externalId: 'ou_same', employeeId: 'e_bob' },
    { platform: 'dingtalk', tenant: 'corp_b', kind: 'user_id', externalId: 'staff_same', employeeId: 'e_bob' },
    { platform: 'slack', tenant: 'TB', kind: 'slack_user', externalId: 'USAME', employeeId: 'e_bob' },
  ]);
});
afterAll(async () => {
  await t.close();
  await slack.stop();
});

/** Rows written for chat since the test started: outbox messages (replies) and processed inbound ids. */
async function written(): Promise<{ outbox: { orgId: string; recipientId: string }[]; processed: number }> {
  const rows = await t.database.db.execute(sql`select org_id, payload from outbox where topic = 'chat.send' order by id`);
  const processed = await t.database.db.execute(sql`select count(*)::int as n from processed_events where source like 'chat:%'`);
  const list = (rows as unknown as { rows: { org_id: string; payload: { recipientId: string } }[] }).rows;
  return { outbox: list.map((r) => ({ orgId: r.org_id, recipientId: r.payload.recipientId })), processed: Number((processed as unknown as { rows: { n: number }[] }).rows[0]!.n) };
}

const feishu = async (tenant: string, event: 'message' | 'click', openId: string, value = '') => {
  const header = { event_id: `ev_${++seq}`, event_type: event === 'message' ? 'im.message.receive_v1' : 'card.action.trigger', app_id: 'cli_multi', tenant_key: tenant, create_time: '1' };
  const body =
    event === 'message'
      ? { schema: '2.0', header, event: { sender: { sender_id: { open_id: openId }, sender_type: 'user' }, message: { message_id: `om_${seq}`, chat_id: `oc_${seq}`, chat_type: 'p2p', message_type: 'text', content: JSON.stringify({ text: 'help' }) } } }
      : { schema: '2.0', header, event: { operator: { tenant_key: tenant, open_id: openId }, action: { tag: 'button', value: { t: value } }, context: { open_message_id: 'om_x', open_chat_id: 'oc_x' } } };
  const { headers, rawBody } = signedFeishuRequest({ encryptKey: ENCRYPT_KEY, verificationToken: TOKEN, body, timestamp: Math.floor(t.clock.now().getTime() / 1000) });
  const r = await t.app.request('/feishu/events', { method: 'POST', headers, body: rawBody });
  return { status: r.status, body: (await r.json()) as any };
};

const dingtalk = async (body: Record<string, unknown>, timestamp = t.clock.now().getTime() + ++seq) => {
  const r = await t.app.request('/dingtalk/events', { method: 'POST', headers: signedDingTalkHeaders({ appSecret: DT_SECRET, timestamp }), body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as any };
};
const dingtalkMessage = (corpId: string, staffId: string) => ({ msgId: `msg_${++seq}`, senderStaffId: staffId, chatbotCorpId: corpId, senderCorpId: corpId, conversationType: '1', conversationId: `cid_${seq}`, msgtype: 'text', text: { content: 'help' } });

const slackEvent = async (team: string, user: string) => {
  const rawBody = JSON.stringify({ token: 't', team_id: team, api_app_id: 'A1', type: 'event_callback', event_id: `Ev${++seq}`, event_time: 1, event: { type: 'message', channel_type: 'im', channel: `D${seq}`, user, text: 'help', ts: `${seq}.0001` } });
  const r = await t.app.request('/slack/events', { method: 'POST', headers: signedSlackRequest({ signingSecret: SLACK_SECRET, rawBody, timestamp: Math.floor(t.clock.now().getTime() / 1000) }), body: rawBody });
  return r.status;
};

describe('routing inbound events by platform tenant', () => {
  it('sends a Feishu event of tenant A to organisation A and of tenant B to organisation B', async () => {
    const before = (await written()).outbox.length;
    expect((await feishu('tk_a', 'message', 'ou_same')).status).toBe(200);
    expect((await feishu('tk_b', 'message', 'ou_same')).status).toBe(200);
    expect((await written()).outbox.slice(before)).toEqual([
      { orgId: 'demo', recipientId: 'e_zhangwei' },
      { orgId: 'acme', recipientId: 'e_bob' },
    ]);
  });

  it('sends a DingTalk message of corp A to organisation A and of corp B to organisation B', async () => {
    const before = (await written()).outbox.length;
    expect((await dingtalk(dingtalkMessage('corp_b', 'staff_same'))).status).toBe(200);
    expect((await dingtalk(dingtalkMessage('corp_a', 'staff_same'))).status).toBe(200);
    expect((await written()).outbox.slice(before)).toEqual([
      { orgId: 'acme', recipientId: 'e_bob' },
      { orgId: 'demo', recipientId: 'e_zhangwei' },
    ]);
  });

  it('sends a Slack event of team A to organisation A and of team B to organisation B', async () => {
    const before = (await written()).outbox.length;
    expect(await slackEvent('TA', 'USAME')).toBe(200);
    expect(await slackEvent('TB', 'USAME')).toBe(200);
    expect((await written()).outbox.slice(before)).toEqual([
      { orgId: 'demo', recipientId: 'e_zhangwei' },
      { orgId: 'acme', recipientId: 'e_bob' },
    ]);
  });

  it('acknowledges events of an unregistered tenant on every platform and writes nothing', async () => {
    const before = await written();
    expect(await feishu('tk_unknown', 'message', 'ou_same')).toEqual({ status: 200, body: {} });
    expect(await dingtalk(dingtalkMessage('corp_unknown', 'staff_same'))).toEqual({ status: 200, body: {} });
    expect(await slackEvent('TUNKNOWN', 'USAME')).toBe(200);
    expect(await written()).toEqual(before);
    expect(slack.messages.size).toBe(0);
  });

  it('refuses a click from tenant B on a card signed for organisation A, and changes nothing', async () => {
    const before = await written();
    const value = signAction(t.deps.box, { kind: 'draft', org: 'demo', id: 'draft_x', action: 'submit', to: 'e_bob', exp: Math.floor(t.clock.now().getTime() / 1000) + 3600 });
    const r = await feishu('tk_b', 'click', 'ou_same', value);
    expect(r.status).toBe(200);
    expect(r.body.toast).toEqual({ type: 'error', content: T.invalidButton.en });
    expect(await written()).toEqual(before);
  });
});

describe('DingTalk HTTP mode', () => {
  it('accepts a (timestamp, sign) pair once: the same pair with another body is refused', async () => {
    const timestamp = t.clock.now().getTime() - 60_000;
    const first = dingtalkMessage('corp_a', 'staff_same');
    expect((await dingtalk(first, timestamp)).status).toBe(200);
    const replay = await dingtalk({ ...dingtalkMessage('corp_a', 'staff_same'), text: { content: '报销 9999 元' } }, timestamp);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('AUTH.REPLAYED');
    // A redelivery of the very same request passes the check and is deduplicated by msgId.
    const before = (await written()).outbox.length;
    expect((await dingtalk(first, timestamp)).status).toBe(200);
    expect((await written()).outbox.length).toBe(before);
  });
});
