// Registering a visit: stored with its visitors (numbers encrypted, answered masked), checked against the reception
// standards and the hospitality budget, routed for approval; approved, its estimate is frozen and each visitor gets an
// invitation id; rejected, it closes. Bad input is refused naming the field, and nothing is stored.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/database.js';
import { testApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  expect((await t.call('PUT', '/api/v1/sites/hq', { actorId: 'e_sunli', name: '上海总部', address: '上海市浦东新区世纪大道100号 20楼', rules: ['请携带身份证'], deskIds: ['e_sunli'] })).status).toBe(200);
});
afterAll(() => t.close());

const visit = (over: Record<string, unknown> = {}) => ({
  actorId: 'e_zhangwei',
  hostId: 'e_zhangwei',
  companions: ['e_wangqiang'],
  siteId: 'hq',
  visitors: [
    { name: '王强', company: 'ABC科技', title: '采购总监', mobile: '+8613800138000', idNumber: '11010519491231002X' },
    { name: '李娜', company: 'ABC科技', mobile: '+8613900139000' },
  ],
  level: 'standard',
  purpose: '年度采购洽谈',
  start: '2026-11-20T14:00:00+08:00',
  end: '2026-11-20T17:00:00+08:00',
  resources: ['meeting_room', 'meal'],
  // Four people at ¥200 a head: ¥800 allowed for meals, ¥960 estimated.
  estimate: { meal: 96_000, transport: 20_000 },
  justification: '客户级别高，安排商务宴请',
  ...over,
});

async function decide(requestId: string, action: 'approve' | 'reject') {
  for (let i = 0; i < 4; i++) {
    const r = await t.call('GET', `/api/v1/requests/${requestId}`);
    if (r.body.approval.status !== 'pending') return r.body;
    const res = await t.call('POST', `/api/v1/approvals/${r.body.approval.id}/actions`, { actorId: r.body.approval.progress.pending[0], action, ...(action === 'reject' ? { comment: '改期' } : {}) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return (await t.call('GET', `/api/v1/requests/${requestId}`)).body;
}

describe('registering a visit', () => {
  it('stores it with its visitors masked, warns of each excess over the standard, and routes it for approval with the hospitality budget', async () => {
    const r = await t.call('POST', '/api/v1/visits', visit());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.visit).toMatchObject({ status: 'pending', hostId: 'e_zhangwei', siteId: 'hq', estimateTotal: { minor: 116_000, currency: 'CNY' } });
    expect(r.body.visit.visitors).toEqual([
      expect.objectContaining({ name: '王强', company: 'ABC科技', mobile: '****8000', idNumber: '****002X' }),
      expect.objectContaining({ name: '李娜', mobile: '****9000' }),
    ]);
    expect(r.body.request).toMatchObject({ type: 'visit', category: 'hospitality', amount: { minor: 116_000, currency: 'CNY' } });
    expect(r.body.violations).toEqual([expect.objectContaining({ code: 'POLICY.RECEPTION_OVER_STANDARD', severity: 'warn', details: expect.objectContaining({ type: 'meal', limitMinor: 80_000, overMinor: 16_000 }) })]);
    expect(r.body.budget).toMatchObject({ currency: 'CNY' });
    // At rest the numbers are cipher text; only the last four are kept in the clear.
    const rows = rowsOf<{ mobile_enc: string; mobile_last4: string; id_number_enc: string | null }>(await t.database.db.execute(sql`SELECT mobile_enc, mobile_last4, id_number_enc FROM visitors WHERE org_id = 'demo' AND visit_id = ${r.body.visit.id} ORDER BY id`));
    expect(rows.map((x) => x.mobile_last4)).toEqual(['8000', '9000']);
    expect(JSON.stringify(rows)).not.toContain('13800138000');
    expect(JSON.stringify(rows)).not.toContain('110105194912');
    // Its host, staff and the reception desk read it; another employee may not.
    expect((await t.call('GET', `/api/v1/visits/${r.body.visit.id}?actorId=e_wangqiang`)).status).toBe(200);
    expect((await t.call('GET', `/api/v1/visits/${r.body.visit.id}?actorId=e_sunli`)).status).toBe(200);
    expect((await t.call('GET', `/api/v1/visits/${r.body.visit.id}?actorId=e_lina`)).status).toBe(403);
  });

  it('weighs a visit next month against that month’s hospitality budget, where approval will freeze it', async () => {
    const dec = await t.call('POST', '/api/v1/budgets', { departmentId: 'd_sales', category: 'hospitality', periodKey: '2026-12', amount: { minor: 50_000, currency: 'CNY' } });
    expect(dec.status, JSON.stringify(dec.body)).toBe(200);
    const r = await t.call('POST', '/api/v1/visits', visit({ start: '2026-12-08T14:00:00+08:00', end: '2026-12-08T16:00:00+08:00', clientRef: 'next-month' }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    // The card's figure is December's (500 yuan available, the estimate over it), not November's 20,000 yuan.
    expect(r.body.budget).toMatchObject({ budgetId: dec.body.id, currency: 'CNY' });
    expect(r.body.budget).toMatchObject({ availableBeforeMinor: 50_000, availableAfterMinor: 50_000 - 116_000, overBudget: true });
  });

  it('approved: the estimate is frozen in the hospitality budget and every visitor gets an invitation id; rejected: it closes', async () => {
    const before = await t.call('GET', '/api/v1/budgets');
    type B = { departmentId: string; category: string; period: { key: string }; frozen: { minor: number } };
    const hospitality = (b: { budgets: B[] }) => b.budgets.find((x) => x.departmentId === 'd_sales' && x.category === 'hospitality' && x.period.key === '2026-11')!;
    const r = await t.call('POST', '/api/v1/visits', visit({ clientRef: 'visit-approve' }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const decided = await decide(r.body.request.id, 'approve');
    expect(decided.approval.status).toBe('approved');
    const v = await t.call('GET', `/api/v1/visits/${r.body.visit.id}?actorId=e_zhangwei`);
    expect(v.body.status).toBe('approved');
    const ids = rowsOf<{ invitation_id: string }>(await t.database.db.execute(sql`SELECT invitation_id FROM visitors WHERE org_id = 'demo' AND visit_id = ${r.body.visit.id}`)).map((x) => x.invitation_id);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(ids).size).toBe(2);
    const after = await t.call('GET', '/api/v1/budgets');
    expect(hospitality(after.body).frozen.minor - hospitality(before.body).frozen.minor).toBe(116_000);

    const other = await t.call('POST', '/api/v1/visits', visit({ clientRef: 'visit-reject' }));
    expect((await decide(other.body.request.id, 'reject')).approval.status).toBe('rejected');
    expect((await t.call('GET', `/api/v1/visits/${other.body.visit.id}?actorId=e_zhangwei`)).body.status).toBe('rejected');
  });

  it('the same client reference again is the same visit', async () => {
    const a = await t.call('POST', '/api/v1/visits', visit({ clientRef: 'visit-once' }));
    const b = await t.call('POST', '/api/v1/visits', visit({ clientRef: 'visit-once' }));
    expect([a.status, b.status, b.body.replayed]).toEqual([201, 201, true]);
    expect(b.body.visit.id).toBe(a.body.visit.id);
  });

  it('refuses bad input naming the field, and stores nothing', async () => {
    const count = async () => rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM visits WHERE org_id = 'demo'`))[0]!.n;
    const before = await count();
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ start: '2026-11-10T14:00:00+08:00', end: '2026-11-10T17:00:00+08:00' }, 422, 'VALIDATION.INVALID_DATE', 'start'],
      [{ end: '2026-11-20T13:00:00+08:00' }, 400, 'VALIDATION.INVALID', 'end'],
      [{ end: '2026-11-30T13:00:00+08:00' }, 400, 'VALIDATION.INVALID', 'end'],
      [{ visitors: [{ name: '王强', mobile: '13800138000' }] }, 400, 'VALIDATION.INVALID', 'visitors.0.mobile'],
      [{ visitors: [{ name: '王强', mobile: '+8612345678901' }] }, 400, 'VALIDATION.INVALID', 'visitors.0.mobile'],
      [{ visitors: [{ name: '王强', idNumber: '110105194912310021' }] }, 400, 'VALIDATION.INVALID', 'visitors.0.idNumber'],
      [{ visitors: [{ name: '甲', mobile: '+8613800138000' }, { name: '乙', mobile: '+8613800138000' }] }, 400, 'VALIDATION.INVALID', 'visitors'],
      [{ visitors: [] }, 400, 'VALIDATION.INVALID', 'visitors'],
      [{ estimate: { meal: -1 } }, 400, 'VALIDATION.INVALID', 'estimate.meal'],
      [{ estimate: { karaoke: 100 } }, 400, 'VALIDATION.INVALID', 'estimate'],
      [{ siteId: 'nowhere' }, 404, 'NOT_FOUND', 'siteId'],
      [{ hostId: 'e_nobody', actorId: 'e_sunli' }, 404, 'ORG.UNKNOWN_EMPLOYEE', 'hostId'],
    ];
    for (const [over, status, code, field] of cases) {
      const r = await t.call('POST', '/api/v1/visits', visit(over));
      expect([r.status, r.body.error?.code, r.body.error?.details?.field], JSON.stringify(over)).toEqual([status, code, field]);
    }
    // Someone else's visit: only its staff or the reception desk may register it.
    const theirs = await t.call('POST', '/api/v1/visits', visit({ actorId: 'e_lina' }));
    expect([theirs.status, theirs.body.error.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    expect((await t.call('POST', '/api/v1/visits', visit({ actorId: 'e_sunli', clientRef: 'by-desk' }))).status).toBe(201);
    expect(await count()).toBe(before + 1);
  });

  it('keeps its sites to the reception desk and administrators', async () => {
    const r = await t.call('PUT', '/api/v1/sites/lab', { actorId: 'e_zhangwei', name: 'Lab', address: 'x' });
    expect([r.status, r.body.error.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    expect((await t.call('PUT', '/api/v1/sites/Bad Id', { actorId: 'e_sunli', name: 'Lab', address: 'x' })).status).toBe(400);
    expect((await t.call('PUT', '/api/v1/sites/lab', { actorId: 'e_sunli', name: 'Lab', address: 'x', deskIds: ['e_nobody'] })).status).toBe(404);
    const sites = await t.call('GET', '/api/v1/sites');
    expect(sites.body.sites.map((s: { id: string }) => s.id)).toEqual(['hq']);
  });
});
