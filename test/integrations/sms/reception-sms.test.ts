// Invitations through the configured provider: SMS_PROVIDER=aliyun with its settings, the outbox texting each approved
// visitor through the real adapter to the loopback fake that recomputes the signature. The template's parameters are
// exactly those configured; a throttled send is retried; a number the provider refuses is recorded on the visitor and
// the host is told.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/database.js';
import { testApp, type TestApp } from '../../helpers/app.js';
import { drainOutbox } from '../../helpers/bank.js';
import { FakeAliyunSms } from '../../fakes/sms-aliyun.js';

let t: TestApp;
let fake: FakeAliyunSms;
beforeAll(async () => {
  fake = new FakeAliyunSms({ keys: { 'LTAI-key': 'aliyun-secret' } });
  await fake.start();
  t = await testApp({
    PUBLIC_URL: 'https://spend.example.com',
    SMS_PROVIDER: 'aliyun',
    SMS_KEY_ID: 'LTAI-key',
    SMS_KEY_SECRET: 'aliyun-secret',
    SMS_SIGN_NAME: '星河科技',
    SMS_TEMPLATES: JSON.stringify({ visit_invitation: { id: 'SMS_100001', params: ['name', 'time', 'site', 'link'] } }),
    SMS_ENDPOINT: `${fake.url}/`,
    SMS_ALLOW_HOSTS: new URL(fake.url).host,
  });
  expect((await t.call('PUT', '/api/v1/sites/hq', { actorId: 'e_sunli', name: '上海总部', address: '世纪大道100号', rules: [] })).status).toBe(200);
});
afterAll(async () => {
  await t.close();
  await fake.stop();
});

describe('invitations through Aliyun SMS', () => {
  it('texts each visitor the configured template, retries a throttled send, and tells the host of a refused number', async () => {
    fake.invalidNumbers.add('13900139000');
    fake.throttleNext(1);
    const r = await t.call('POST', '/api/v1/visits', { actorId: 'e_zhangwei', hostId: 'e_zhangwei', siteId: 'hq', visitors: [{ name: '王强', mobile: '+8613800138000' }, { name: '李娜', mobile: '+8613900139000' }], purpose: '洽谈', start: '2026-11-18T14:00:00+08:00', end: '2026-11-18T16:00:00+08:00' });
    expect(r.status).toBe(201);
    const req = await t.call('GET', `/api/v1/requests/${r.body.request.id}`);
    expect((await t.call('POST', `/api/v1/approvals/${req.body.approval.id}/actions`, { actorId: req.body.approval.progress.pending[0], action: 'approve' })).body.status).toBe('approved');
    await drainOutbox(t);

    expect(fake.messages).toHaveLength(1);
    const m = fake.messages[0]!;
    expect(m).toMatchObject({ phoneNumbers: '13800138000', signName: '星河科技', templateCode: 'SMS_100001' });
    expect(Object.keys(m.templateParam).sort()).toEqual(['link', 'name', 'site', 'time']);
    expect(m.templateParam).toMatchObject({ name: '王强', site: '上海总部', time: '11-18 14:00' });
    expect(m.templateParam.link).toMatch(/^https:\/\/spend\.example\.com\/v\/[A-Za-z0-9_-]{39}\.[A-Za-z0-9_-]{43}$/);

    const people = rowsOf<{ name: string; invited_at: Date | null; invite_error: string | null; invite_ref: string | null }>(await t.database.db.execute(sql`SELECT name, invited_at, invite_error, invite_ref FROM visitors WHERE visit_id = ${r.body.visit.id} ORDER BY id`));
    expect(people[0]).toMatchObject({ name: '王强', invite_error: null });
    expect(people[0]!.invite_ref).toMatch(/^aliyun:/);
    expect(people[1]).toMatchObject({ name: '李娜', invited_at: null });
    expect(people[1]!.invite_error).toMatch(/^invalid_number/);
    const told = rowsOf<{ text: string }>(await t.database.db.execute(sql`SELECT text FROM console_messages WHERE org_id = 'demo' AND employee_id = 'e_zhangwei' AND text LIKE '%李娜%'`));
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain('****9000');
    expect(told[0]!.text).not.toContain('13900139000');
  });
});
