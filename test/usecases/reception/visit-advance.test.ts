// A visit registered with an advance (借款) to its host: the approval card shows the advance, the hospitality budget
// available and the host's outstanding advances; approval makes it the host's outstanding advance linked to the
// visit's request, with a payable to the host, audited and told, once however often it is retried; the host's
// hospitality claim linking the visit offsets it first (before older advances), consuming the visit's freeze and
// releasing the rest. More than the estimate is refused naming the field; a rejected visit pays nothing.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/database.js';
import { getRequest } from '../../../db/repos/approvals.js';
import { visitPlanLines } from '../../../cards/visit-content.js';
import { visitRequestFacts } from '../../../src/chat/visit-views.js';
import { visitAdvanceApproved } from '../../../src/usecases/reception/visit-advance.js';
import { visitApproved } from '../../../src/usecases/reception/visit-lifecycle.js';
import { randomIds } from '../../../src/runtime.js';
import { testApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  expect((await t.call('PUT', '/api/v1/sites/hq', { actorId: 'e_sunli', name: '上海总部', address: '上海市浦东新区世纪大道100号 20楼', deskIds: ['e_sunli'] })).status).toBe(200);
});
afterAll(() => t.close());

const BEFORE = '2026-11-18T02:00:00.000Z';
const AFTER = '2026-11-21T02:00:00.000Z';
const cny = (minor: number) => ({ minor, currency: 'CNY' });

const visitBody = (over: Record<string, unknown> = {}) => ({
  actorId: 'e_zhangwei',
  hostId: 'e_zhangwei',
  companions: [],
  siteId: 'hq',
  visitors: [{ name: '王强', company: 'ABC科技', mobile: '+8613800138000' }],
  level: 'standard',
  purpose: '年度采购洽谈',
  start: '2026-11-20T14:00:00+08:00',
  end: '2026-11-20T17:00:00+08:00',
  resources: ['meeting_room', 'meal'],
  estimate: { meal: 40_000, transport: 20_000 },
  justification: '客户级别高',
  ...over,
});

async function decide(requestId: string, action: 'approve' | 'reject') {
  for (let i = 0; i < 5; i++) {
    const r = await t.call('GET', `/api/v1/requests/${requestId}`);
    if (r.body.approval.status !== 'pending') return r.body;
    const res = await t.call('POST', `/api/v1/approvals/${r.body.approval.id}/actions`, { actorId: r.body.approval.progress.pending[0], action, ...(action === 'reject' ? { comment: '改期' } : {}) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return (await t.call('GET', `/api/v1/requests/${requestId}`)).body;
}

type B = { departmentId: string; category: string; period: { key: string }; frozen: { minor: number }; consumed: { minor: number }; available: { minor: number; currency: string } };
async function hospitality() {
  const r = await t.call('GET', '/api/v1/budgets');
  const b = (r.body.budgets as B[]).find((x) => x.departmentId === 'd_sales' && x.category === 'hospitality' && x.period.key === '2026-11')!;
  return { frozen: b.frozen.minor, consumed: b.consumed.minor, available: b.available };
}
const advancesOf = async (employeeId: string) => (await t.call('GET', `/api/v1/advances?employeeId=${employeeId}`)).body.advances as { id: string; applicationId: string | null; status: string; amount: unknown; outstanding: { minor: number }; movements: { kind: string; amount: unknown; ref: string }[] }[];
const payablesOf = async (sourceId: string) => ((await t.call('GET', '/api/v1/payables?payeeId=e_zhangwei')).body.payables as { sourceType: string; sourceId: string; payeeId: string; amount: unknown; status: string }[]).filter((p) => p.sourceId === sourceId);
const count = async (query: ReturnType<typeof sql>) => rowsOf<{ n: number }>(await t.database.db.execute(query))[0]!.n;

describe('a visit with an advance to its host', () => {
  let visit: { id: string; requestId: string };
  let older: string;

  it('is registered with the advance, and its approval card shows it with the budget available and what the host owes', async () => {
    t.clock.set(BEFORE);
    // The host already owes an older advance of ¥300.
    const prior = await t.call('POST', '/api/v1/advances', { submitterId: 'e_zhangwei', amount: cny(30_000), purpose: '差旅备用金' });
    expect(prior.status, JSON.stringify(prior.body)).toBe(201);
    expect((await decide(prior.body.request.id, 'approve')).approval.status).toBe('approved');
    older = prior.body.request.id;
    const budget = await hospitality();

    const r = await t.call('POST', '/api/v1/visits', visitBody({ advance: { minor: 50_000 }, clientRef: 'advance-a' }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    visit = r.body.visit;
    expect(r.body.visit.advance).toEqual({ amount: cny(50_000), status: 'requested' });
    const details = r.body.request.details.visit;
    expect(details).toMatchObject({ advance: cny(50_000), hospitalityAvailable: budget.available, hostAdvances: { count: 1, totals: [cny(30_000)] } });
    // Nothing is owed or payable before the approval.
    expect((await advancesOf('e_zhangwei')).some((a) => a.id === visit.requestId)).toBe(false);

    // The card drawn from the stored request, in both languages.
    const facts = visitRequestFacts(r.body.request.details, 'CNY').visit!;
    const zh = Object.fromEntries(visitPlanLines(facts, 'zh', 'Asia/Shanghai').map((l) => [l.label, l.value]));
    expect(zh).toMatchObject({ 申请借款: '¥500.00', 部门接待预算可用: zh['部门接待预算可用'], 接待人未结借款: '1 笔，共 ¥300.00' });
    expect(zh['部门接待预算可用']).toMatch(/^¥[\d,]+\.\d{2}$/);
    const en = Object.fromEntries(visitPlanLines(facts, 'en', 'Asia/Shanghai').map((l) => [l.label, l.value]));
    expect(en['Advance requested']).toContain('500.00');
    expect(en['Host’s outstanding advances']).toMatch(/^1, totalling .*300\.00$/);
  });

  it('approved: the advance is the host’s, outstanding and linked to the visit, with a payable, audited and told; once only', async () => {
    expect((await decide(visit.requestId, 'approve')).approval.status).toBe('approved');
    const mine = (await advancesOf('e_zhangwei')).find((a) => a.id === visit.requestId)!;
    expect(mine).toMatchObject({ applicationId: visit.requestId, status: 'approved', amount: cny(50_000), outstanding: cny(50_000), movements: [] });
    expect(await payablesOf(visit.requestId)).toEqual([expect.objectContaining({ sourceType: 'advance', payeeId: 'e_zhangwei', amount: cny(50_000), status: 'open' })]);
    expect((await t.call('GET', `/api/v1/visits/${visit.id}?actorId=e_zhangwei`)).body.advance).toEqual({ amount: cny(50_000), status: 'approved', outstanding: cny(50_000) });
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_log WHERE org_id = 'demo' AND action = 'advance.approved' AND subject_id = ${visit.requestId}`)).toBe(1);
    expect(await count(sql`SELECT count(*)::int AS n FROM outbox WHERE org_id = 'demo' AND key = ${`notify:advance:${visit.requestId}`}`)).toBe(1);

    // The approval's effects again (a retry): nothing more is owed or payable.
    await t.database.db.transaction(async (tx) => {
      const request = (await getRequest(tx, 'demo', visit.requestId))!;
      expect((await visitApproved(tx, { clock: t.clock, ids: randomIds, payableTermsDays: 0 }, { request, actorId: 'e_wangqiang', now: t.clock.now() })).ok).toBe(true);
      expect(await visitAdvanceApproved(tx, { ids: randomIds }, request, 'e_zhangwei', 'e_wangqiang', t.clock.now())).toBeUndefined();
    });
    expect(await count(sql`SELECT count(*)::int AS n FROM advances WHERE org_id = 'demo' AND application_id = ${visit.requestId}`)).toBe(1);
    expect(await payablesOf(visit.requestId)).toHaveLength(1);
    const again = await t.call('POST', `/api/v1/approvals/${(await t.call('GET', `/api/v1/requests/${visit.requestId}`)).body.approval.id}/actions`, { actorId: 'e_wangqiang', action: 'approve' });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(await payablesOf(visit.requestId)).toHaveLength(1);
  });

  it('the host’s hospitality claim linking the visit offsets its advance before older ones, and settles the freeze', async () => {
    const before = await hospitality();
    t.clock.set(AFTER);
    const line = await t.call('POST', '/api/v1/expense-lines', { employeeId: 'e_zhangwei', category: 'meal', amount: cny(42_000), date: '2026-11-20', merchant: '外滩餐厅' });
    expect(line.status, JSON.stringify(line.body)).toBe(201);
    const claim = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: [line.body.id], visitIds: [visit.id] });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    expect((await decide(claim.body.request.id, 'approve')).approval.status).toBe('approved');

    const advances = await advancesOf('e_zhangwei');
    const forVisit = advances.find((a) => a.id === visit.requestId)!;
    expect(forVisit.outstanding).toEqual(cny(8_000));
    expect(forVisit.movements).toEqual([expect.objectContaining({ kind: 'offset', amount: cny(42_000), ref: claim.body.request.id })]);
    // The older advance, not for this visit, is left as it was.
    expect(advances.find((a) => a.id === older)!.outstanding).toEqual(cny(30_000));
    // All of the claim went to the advance: nothing is payable for it.
    expect(await payablesOf(claim.body.request.id)).toEqual([]);
    const after = await hospitality();
    expect(after.consumed - before.consumed).toBe(42_000);
    expect(before.frozen - after.frozen).toBe(60_000); // the visit's whole freeze: ¥420 consumed, ¥180 released
  });

  it('a companion’s claim linking the visit pays the companion in full: the advance was the host’s, and stays owed', async () => {
    t.clock.set(BEFORE);
    const r = await t.call('POST', '/api/v1/visits', visitBody({ companions: ['e_lina'], estimate: { meal: 40_000 }, advance: { minor: 30_000 }, clientRef: 'advance-companion' }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await decide(r.body.request.id, 'approve')).approval.status).toBe('approved');
    t.clock.set(AFTER);
    const line = await t.call('POST', '/api/v1/expense-lines', { employeeId: 'e_lina', category: 'meal', amount: cny(25_000), date: '2026-11-20' });
    const claim = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_lina', lineIds: [line.body.id], visitIds: [r.body.visit.id] });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    expect((await decide(claim.body.request.id, 'approve')).approval.status).toBe('approved');
    expect((await advancesOf('e_zhangwei')).find((a) => a.id === r.body.request.id)).toMatchObject({ outstanding: cny(30_000), movements: [] });
    const paid = ((await t.call('GET', '/api/v1/payables?payeeId=e_lina')).body.payables as { sourceId: string; amount: unknown }[]).filter((p) => p.sourceId === claim.body.request.id);
    expect(paid.map((p) => p.amount)).toEqual([cny(25_000)]);
  });

  it('refuses an advance above the estimate, or in another currency, naming the field; nothing is stored', async () => {
    t.clock.set(BEFORE);
    const visits = () => count(sql`SELECT count(*)::int AS n FROM visits WHERE org_id = 'demo'`);
    const n = await visits();
    const cases: [unknown, string][] = [
      [{ minor: 60_001 }, 'advance'],
      [{ minor: 10_000, currency: 'USD' }, 'advance.currency'],
      [{ minor: 0 }, 'advance.minor'],
      [{ minor: 100, extra: 1 }, 'advance'],
    ];
    for (const [advance, field] of cases) {
      const r = await t.call('POST', '/api/v1/visits', visitBody({ advance }));
      expect([r.status, r.body.error?.code, r.body.error?.details?.field], JSON.stringify(advance)).toEqual([400, 'VALIDATION.INVALID', field]);
    }
    const over = await t.call('POST', '/api/v1/visits', visitBody({ advance: { minor: 60_001 } }));
    expect(over.body.error.message).toContain('CNY 600.00');
    // Without an estimate there is nothing to advance against.
    const none = await t.call('POST', '/api/v1/visits', visitBody({ estimate: {}, advance: { minor: 1 } }));
    expect([none.status, none.body.error.details.field]).toEqual([400, 'advance']);
    expect(await visits()).toBe(n);
  });

  it('rejected or withdrawn: no advance and nothing payable', async () => {
    t.clock.set(BEFORE);
    const rejected = await t.call('POST', '/api/v1/visits', visitBody({ advance: { minor: 20_000 }, clientRef: 'advance-reject' }));
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(201);
    expect((await decide(rejected.body.request.id, 'reject')).approval.status).toBe('rejected');
    const withdrawn = await t.call('POST', '/api/v1/visits', visitBody({ advance: { minor: 20_000 }, clientRef: 'advance-withdraw' }));
    const approvalId = withdrawn.body.approvalId as string;
    expect((await t.call('POST', `/api/v1/approvals/${approvalId}/actions`, { actorId: 'e_zhangwei', action: 'withdraw' })).status).toBe(200);
    for (const r of [rejected, withdrawn]) {
      const requestId = r.body.request.id as string;
      expect(await count(sql`SELECT count(*)::int AS n FROM advances WHERE org_id = 'demo' AND (id = ${requestId} OR application_id = ${requestId})`)).toBe(0);
      expect(await payablesOf(requestId)).toEqual([]);
      expect((await t.call('GET', `/api/v1/visits/${r.body.visit.id}?actorId=e_zhangwei`)).body.advance).toEqual({ amount: cny(20_000), status: 'cancelled' });
    }
  });
});
