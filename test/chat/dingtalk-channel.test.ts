// DingTalk end to end: the Stream long connection (the real dingtalk-stream client) to a fake gateway, card instances
// and robot messages out through the Open API fake; plus the HTTP-mode signature check.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/database.js';
import { linkIdentities } from '../../db/repos/org.js';
import { startDingTalkStream } from '../../src/channels/dingtalk-stream.js';
import { dispatchOnce } from '../../src/jobs/dispatcher.js';
import { silentLogger } from '../../src/log.js';
import { outboxHandlers } from '../../src/services.js';
import type { DingTalkStreamClient } from '../../bots/dingtalk/stream-client.js';
import { DingTalkFake } from '../fakes/dingtalk.js';
import { signedDingTalkHeaders } from '../fakes/sign.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { ruleParser } from '../helpers/parser.js';

let t: TestApp;
let fake: DingTalkFake;
let stream: DingTalkStreamClient;

beforeAll(async () => {
  fake = new DingTalkFake();
  const { url } = await fake.start();
  const env = { DINGTALK_CLIENT_ID: fake.clientId, DINGTALK_CLIENT_SECRET: fake.clientSecret, DINGTALK_CARD_TEMPLATE_ID: 'tpl.spend', DINGTALK_API_URL: url, DINGTALK_OAPI_URL: url, DINGTALK_MODE: 'http' };
  t = await testApp(env, { parser: ruleParser });
  await linkIdentities(t.database.db, 'demo', [
    { orgId: 'demo', platform: 'dingtalk', kind: 'user_id', externalId: 'staff_zw', employeeId: 'e_zhangwei' },
    { orgId: 'demo', platform: 'dingtalk', kind: 'user_id', externalId: 'staff_wq', employeeId: 'e_wangqiang' },
  ]);
  stream = startDingTalkStream({ ...t.deps, parser: ruleParser, orgId: 'demo', autoLink: true }, { clientId: fake.clientId, clientSecret: fake.clientSecret, apiUrl: url, mode: 'stream' }, { autoReconnect: false });
  await fake.gateway.waitForConnection();
});
afterAll(async () => {
  stream.disconnect();
  await t.close();
  await fake.stop();
});

const drain = async () => {
  for (let i = 0; i < 10; i++) if ((await dispatchOnce(t.database.db, outboxHandlers(t.deps), { batch: 100, maxAttempts: 3, concurrency: 4, baseDelayMs: 0 }, silentLogger)).claimed === 0) return;
};
/** The newest card delivered to a user, and the value of its `action` button. */
function cardFor(staffId: string, action: string) {
  const card = [...fake.cards.values()].filter((c) => c.openSpaceId === `dtv1.card//IM_ROBOT.${staffId}`).at(-1);
  if (!card) throw new Error(`no card for ${staffId}`);
  return { outTrackId: card.outTrackId, value: String(card.params[`btn_${action}_value`] ?? ''), card };
}

describe('the DingTalk channel', () => {
  it('acknowledges robot messages over Stream, and runs the approval on card callbacks', async () => {
    const { ack } = await fake.pushRobotMessage({ senderStaffId: 'staff_zw', text: '明天去天津，当天回，高铁' });
    expect(ack.code).toBe(200);
    await drain();
    const draft = cardFor('staff_zw', 'submit');
    expect(draft.value).not.toBe('');
    const submitted = await fake.pushCardCallback({ outTrackId: draft.outTrackId, userId: 'staff_zw', actionIds: ['btn_submit'], params: { t: draft.value } });
    expect(JSON.stringify(submitted.ack.data)).toContain('已提交');
    await drain();

    const approval = cardFor('staff_wq', 'approve');
    const approved = await fake.pushCardCallback({ outTrackId: approval.outTrackId, userId: 'staff_wq', actionIds: ['btn_approve'], params: { t: approval.value } });
    expect(JSON.stringify(approved.ack.data)).toMatch(/已同意 张伟的出差申请 TR-\d{4}/);
    await drain();
    // The approver's card instance was updated: its buttons are gone.
    expect(approval.card.history.length).toBeGreaterThan(1);
    expect(fake.cards.get(approval.outTrackId)!.params.btn_approve_value).toBe('');
    // The submitter got the outcome card.
    expect([...fake.cards.values()].some((c) => c.openSpaceId.endsWith('staff_zw') && /通过|approved/i.test(JSON.stringify(c.params)))).toBe(true);
  });

  it('links a new colleague by the email in the DingTalk directory, and serves them at once', async () => {
    fake.users.set('staff_lina', { name: '李娜', email: 'li.na@galaxy.example' });
    await fake.pushRobotMessage({ senderStaffId: 'staff_lina', text: '报销今天午饭 36元，客户王强 13800138000 同席' });
    // The message waits for the link in the outbox sealed: a first message may name people and their numbers.
    const carried = rowsOf<{ payload: unknown }>(await t.database.db.execute(sql`SELECT payload FROM outbox WHERE topic = 'chat.link'`));
    expect(carried).toHaveLength(1);
    expect(JSON.stringify(carried)).not.toMatch(/13800138000|王强|午饭/);
    await drain();
    expect(cardFor('staff_lina', 'submit').value).not.toBe('');
  });

  it('tells an unknown sender how to get linked, once per message', async () => {
    await fake.pushRobotMessage({ senderStaffId: 'staff_unknown', text: '你好', msgId: 'm-unknown' });
    await fake.pushRobotMessage({ senderStaffId: 'staff_unknown', text: '你好', msgId: 'm-unknown' });
    await drain();
    const notes = fake.robotMessages.filter((m) => JSON.stringify(m.body).includes('staff_unknown'));
    expect(notes).toHaveLength(1);
    expect(JSON.stringify(notes[0]!.body)).toContain('还不认识你的账号');
  });

  it('checks the timestamp and sign on HTTP-mode callbacks', async () => {
    const now = t.clock.now().getTime();
    const good = await t.app.request('/dingtalk/events', { method: 'POST', headers: { ...signedDingTalkHeaders({ appSecret: fake.clientSecret, timestamp: now }), 'content-type': 'application/json' }, body: '{}' });
    expect(good.status).toBe(200);
    const stale = await t.app.request('/dingtalk/events', { method: 'POST', headers: { ...signedDingTalkHeaders({ appSecret: fake.clientSecret, timestamp: now - 2 * 3600_000 }), 'content-type': 'application/json' }, body: '{}' });
    expect(stale.status).toBe(401);
    const forged = await t.app.request('/dingtalk/events', { method: 'POST', headers: { ...signedDingTalkHeaders({ appSecret: 'other', timestamp: now }), 'content-type': 'application/json' }, body: '{}' });
    expect(forged.status).toBe(401);
  });
});
