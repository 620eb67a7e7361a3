// Completing a visitor after registration: a placeholder named and given a mobile gets the invitation text; a changed
// mobile gets a new code and the old link stops opening the gate; the watchlist, duplicates, bad numbers, other
// people's visits and visitors already in are refused, and nothing changes when they are.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/database.js';
import type { SmsMessage } from '../../../domain/reception/index.js';
import { createConsoleSmsSender } from '../../../src/integrations/sms/console.js';
import { silentLogger } from '../../../src/log.js';
import { drainOutbox } from '../../helpers/bank.js';
import { testApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
const sent: SmsMessage[] = [];
beforeAll(async () => {
  t = await testApp({ PUBLIC_URL: 'https://spend.example.com' });
  const console = createConsoleSmsSender({ logger: silentLogger });
  (t.deps as { sms?: unknown }).sms = { sender: { provider: 'console', send: (m: SmsMessage) => (sent.push(m), console.send(m)) }, templateParams: () => undefined };
  expect((await t.call('PUT', '/api/v1/sites/hq', { actorId: 'e_sunli', name: '上海总部', address: '世纪大道100号', deskIds: ['e_sunli'] })).status).toBe(200);
});
afterAll(() => t.close());

const invitationsTo = (last4: string) => sent.filter((s) => s.to.endsWith(last4) && s.template === 'visit_invitation').map((s) => s.params.link!);
const scan = (link: string) => t.call('POST', '/api/v1/sites/hq/check-ins', { actorId: 'e_zhoujun', code: link });

async function approvedGroup(clientRef: string) {
  const r = await t.call('POST', '/api/v1/visits', {
    actorId: 'e_zhangwei',
    hostId: 'e_zhangwei',
    siteId: 'hq',
    visitors: [{ name: '王强', company: 'ABC科技', mobile: '+8613800138111' }, { name: '王强的同行人1', company: 'ABC科技' }],
    purpose: '年度采购洽谈',
    start: '2026-11-18T14:00:00+08:00',
    end: '2026-11-18T17:00:00+08:00',
    clientRef,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const req = await t.call('GET', `/api/v1/requests/${r.body.request.id}`);
  expect((await t.call('POST', `/api/v1/approvals/${req.body.approval.id}/actions`, { actorId: req.body.approval.progress.pending[0], action: 'approve' })).body.status).toBe('approved');
  await drainOutbox(t);
  return { visitId: r.body.visit.id as string, lead: r.body.visit.visitors[0].id as string, guest: r.body.visit.visitors[1].id as string };
}

describe('changing a visitor after registration', () => {
  it('names a placeholder and texts the invitation to the mobile given later; a changed mobile gets a new code and the old link is dead', async () => {
    const v = await approvedGroup('details-1');
    expect(invitationsTo('8111')).toHaveLength(1);
    const named = await t.call('PATCH', `/api/v1/visits/${v.visitId}/visitors/${v.guest}`, { actorId: 'e_zhangwei', name: '赵敏', title: '采购经理', mobile: '+8613700137222' });
    expect(named.status, JSON.stringify(named.body)).toBe(200);
    expect(named.body).toMatchObject({ id: v.guest, name: '赵敏', company: 'ABC科技', title: '采购经理', mobile: '****7222' });
    await drainOutbox(t);
    const [guestLink] = invitationsTo('7222');
    expect(guestLink).toMatch(/\/v\//);

    // The lead's number was wrong: the new number gets a new link, the old one no longer opens the gate.
    const [oldLink] = invitationsTo('8111');
    const moved = await t.call('PATCH', `/api/v1/visits/${v.visitId}/visitors/${v.lead}`, { actorId: 'e_sunli', mobile: '+8613800138333' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await drainOutbox(t);
    const [newLink] = invitationsTo('8333');
    expect(newLink).toBeDefined();
    expect(newLink).not.toBe(oldLink);
    t.clock.set('2026-11-18T06:10:00Z');
    expect((await scan(oldLink!)).body.error.code).toBe('GATE.INVALID_CODE');
    expect((await scan(newLink!)).status).toBe(200);
    expect((await scan(guestLink!)).status).toBe(200);

    // In already: the record stays as the gate saw it.
    const late = await t.call('PATCH', `/api/v1/visits/${v.visitId}/visitors/${v.guest}`, { actorId: 'e_zhangwei', name: '别人' });
    expect([late.status, late.body.error.code]).toEqual([409, 'RECEPTION.VISIT_CLOSED']);
    // The audit keeps names and last fours, never the numbers.
    const audit = rowsOf<{ before: unknown; after: unknown }>(await t.database.db.execute(sql`SELECT before, after FROM audit_log WHERE action = 'visitor.changed' AND subject_id IN (${v.guest}, ${v.lead}) ORDER BY id`));
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toMatch(/13700137222|13800138333|13800138111/);
    expect(audit[0]!.after).toMatchObject({ name: '赵敏', mobile: '****7222', reinvited: true });
    t.clock.set('2026-11-18T02:00:00Z');
  });

  it('refuses a bad or duplicate mobile, a watchlisted person, and someone else’s visit, changing nothing', async () => {
    const v = await approvedGroup('details-2');
    const before = rowsOf(await t.database.db.execute(sql`SELECT * FROM visitors WHERE visit_id = ${v.visitId} ORDER BY id`));
    const patch = (body: Record<string, unknown>, visitorId = v.guest, visitId = v.visitId) => t.call('PATCH', `/api/v1/visits/${visitId}/visitors/${visitorId}`, { actorId: 'e_zhangwei', ...body });
    const bad = await patch({ mobile: '12345' });
    expect([bad.status, bad.body.error.code, bad.body.error.details.field]).toEqual([400, 'VALIDATION.INVALID', 'mobile']);
    const dup = await patch({ mobile: '+8613800138111' });
    expect([dup.status, dup.body.error.details.field]).toEqual([400, 'mobile']);
    const nothing = await patch({});
    expect(nothing.status).toBe(400);
    const unknownField = await patch({ nickname: 'x' });
    expect(unknownField.status).toBe(400);
    expect((await t.call('POST', '/api/v1/watchlist', { actorId: 'e_sunli', name: '坏人', company: 'ABC科技', reason: 'test' })).status).toBe(201);
    const hit = await patch({ name: '坏人' });
    expect([hit.status, hit.body.error.code]).toEqual([403, 'RECEPTION.WATCHLISTED']);
    // Another employee may not; an unknown visitor or visit is 404.
    const other = await t.call('PATCH', `/api/v1/visits/${v.visitId}/visitors/${v.guest}`, { actorId: 'e_lina', name: '赵敏' });
    expect([other.status, other.body.error.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    expect((await patch({ name: '赵敏' }, 'vis_nobody_1')).status).toBe(404);
    expect((await patch({ name: '赵敏' }, v.guest, 'vis_nobody')).status).toBe(404);
    expect(rowsOf(await t.database.db.execute(sql`SELECT * FROM visitors WHERE visit_id = ${v.visitId} ORDER BY id`))).toEqual(before);
  });
});
