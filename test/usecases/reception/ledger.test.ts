// Hospitality claims that link visits, and the visit ledger: approving the claim consumes each visit's share of the cost
// from its freeze and releases the rest; a visit is on one live claim at most; rejection unlinks; a retried approval
// changes nothing. The ledger and its statistics, as JSON and CSV (RFC 4180, formulas neutralised), keep their figures
// when the visitors' personal data are purged. The gate (another part) is stood in for by setting the visitors' times.
import { parse } from 'csv-parse/sync';
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

const BEFORE = '2026-11-18T02:00:00.000Z';
const AFTER = '2026-11-21T02:00:00.000Z';

const visitBody = (over: Record<string, unknown> = {}) => ({
  actorId: 'e_zhangwei',
  hostId: 'e_zhangwei',
  companions: ['e_lina'],
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
  estimate: { meal: 96_000, transport: 20_000 },
  justification: '客户级别高，安排商务宴请',
  ...over,
});

async function decide(requestId: string, action: 'approve' | 'reject') {
  for (let i = 0; i < 5; i++) {
    const r = await t.call('GET', `/api/v1/requests/${requestId}`);
    if (r.body.approval.status !== 'pending') return r.body;
    const res = await t.call('POST', `/api/v1/approvals/${r.body.approval.id}/actions`, { actorId: r.body.approval.progress.pending[0], action, ...(action === 'reject' ? { comment: '票据不全' } : {}) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return (await t.call('GET', `/api/v1/requests/${requestId}`)).body;
}

/** Registers a visit (as of BEFORE) and approves it; returns the visit. */
async function approvedVisit(over: Record<string, unknown> = {}): Promise<{ id: string; requestId: string }> {
  t.clock.set(BEFORE);
  const r = await t.call('POST', '/api/v1/visits', visitBody(over));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  expect((await decide(r.body.request.id, 'approve')).approval.status).toBe('approved');
  return r.body.visit;
}

/** What the gate records: every visitor in at `inAt`, out at `outAt`. */
async function letIn(visitId: string, inAt: string, outAt: string) {
  await t.database.db.execute(sql`UPDATE visitors SET checked_in_at = ${inAt}::timestamptz, checked_out_at = ${outAt}::timestamptz WHERE org_id = 'demo' AND visit_id = ${visitId}`);
}

let invoiceNo = 10_000_000;
async function line(employeeId: string, category: string, minor: number, over: Record<string, unknown> = {}): Promise<string> {
  const r = await t.call('POST', '/api/v1/expense-lines', { employeeId, category, amount: { minor, currency: 'CNY' }, date: '2026-11-20', merchant: '外滩餐厅', ...over });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}
const vatInvoice = (minor: number) => ({ kind: 'vat', code: '031002300111', number: String(invoiceNo++), issueDate: '2026-11-20', sellerTaxId: '91310000MA1FL8XQ37', amount: { minor: minor - Math.round(minor * 0.06 / 1.06), currency: 'CNY' }, tax: { minor: Math.round(minor * 0.06 / 1.06), currency: 'CNY' }, total: { minor, currency: 'CNY' } });

type B = { departmentId: string; category: string; period: { key: string }; frozen: { minor: number }; consumed: { minor: number } };
async function hospitality(dept = 'd_sales') {
  const r = await t.call('GET', '/api/v1/budgets');
  const b = (r.body.budgets as B[]).find((x) => x.departmentId === dept && x.category === 'hospitality' && x.period.key === '2026-11')!;
  return { frozen: b.frozen.minor, consumed: b.consumed.minor };
}
const links = async (visitId: string) =>
  rowsOf<{ reimbursement_id: string; status: string; attributed_minor: string | number }>(await t.database.db.execute(sql`SELECT reimbursement_id, status, attributed_minor FROM visit_claims WHERE org_id = 'demo' AND visit_id = ${visitId} ORDER BY created_at`)).map((r) => ({ claim: r.reimbursement_id, status: r.status, minor: Number(r.attributed_minor) }));

let settled: { visit: { id: string; requestId: string }; claimId: string; claimNumber: string; invoiceNumber: string };

describe('a hospitality claim linking visits', () => {
  it('on approval consumes the actual cost from the visit’s freeze and releases the rest; a retried approval changes nothing', async () => {
    const before = await hospitality();
    const visit = await approvedVisit({ clientRef: 'ledger-a' });
    expect((await hospitality()).frozen - before.frozen).toBe(116_000);
    await letIn(visit.id, '2026-11-20T06:05:00Z', '2026-11-20T09:10:00Z');

    t.clock.set(AFTER);
    const invoice = vatInvoice(80_000);
    const meal = await line('e_zhangwei', 'meal', 80_000, { invoice });
    const taxi = await line('e_zhangwei', 'transport', 15_000, { applicationId: visit.requestId });
    const tea = await line('e_zhangwei', 'hospitality', 5_000);
    const claim = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: [meal, taxi, tea], visitIds: [visit.id], title: 'ABC科技来访招待' });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    const claimId = claim.body.request.id as string;
    expect(claim.body.request.details.visits).toEqual([{ visitId: visit.id, requestId: visit.requestId, attributed: { minor: 100_000, currency: 'CNY' }, actual: { meal: 80_000, transport: 15_000, visit: 5_000 } }]);
    expect(await links(visit.id)).toEqual([{ claim: claimId, status: 'linked', minor: 100_000 }]);

    const pending = await hospitality();
    expect(pending.frozen - before.frozen).toBe(116_000);
    const decided = await decide(claimId, 'approve');
    expect(decided.approval.status).toBe('approved');
    const after = await hospitality();
    // The visit's ¥1,000 actual is consumed (out of its ¥1,160 freeze) and the other ¥160 is released.
    expect(after.consumed - pending.consumed).toBe(100_000);
    expect(after.frozen - before.frozen).toBe(0);
    expect(await links(visit.id)).toEqual([{ claim: claimId, status: 'settled', minor: 100_000 }]);
    const [visitRequest] = rowsOf<{ phase: string }>(await t.database.db.execute(sql`SELECT phase FROM requests WHERE org_id = 'demo' AND id = ${visit.requestId}`));
    expect(visitRequest!.phase).toBe('completed');

    // The approval again: refused, and nothing moves twice.
    const audits = async () => rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE org_id = 'demo' AND subject_id = ${visit.id}`))[0]!.n;
    const auditsBefore = await audits();
    const again = await t.call('POST', `/api/v1/approvals/${decided.approval.id}/actions`, { actorId: 'e_wangqiang', action: 'approve' });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(await hospitality()).toEqual(after);
    expect(await links(visit.id)).toEqual([{ claim: claimId, status: 'settled', minor: 100_000 }]);
    expect(await audits()).toBe(auditsBefore);
    settled = { visit, claimId, claimNumber: claim.body.request.number, invoiceNumber: invoice.number };
  });

  it('refuses a second claim on the same visit with RECEPTION.VISIT_CLAIMED, and stores nothing', async () => {
    t.clock.set(AFTER);
    const extra = await line('e_zhangwei', 'meal', 9_000);
    const r = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: [extra], visitIds: [settled.visit.id] });
    expect([r.status, r.body.error.code, r.body.error.details.reimbursementId]).toEqual([409, 'RECEPTION.VISIT_CLAIMED', settled.claimId]);
    // Naming the visit's request as an application is the same link, refused the same way.
    const asApp = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: [extra], applicationIds: [settled.visit.requestId] });
    expect([asApp.status, asApp.body.error.code]).toEqual([409, 'RECEPTION.VISIT_CLAIMED']);
    expect((await t.call('GET', `/api/v1/expense-lines/${extra}`)).body.status).toBe('open');
  });

  it('rejected, the claim unlinks its visits, which another claim may then link', async () => {
    const visit = await approvedVisit({ clientRef: 'ledger-b', estimate: { meal: 40_000 } });
    t.clock.set(AFTER);
    const first = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: [await line('e_zhangwei', 'meal', 30_000)], visitIds: [visit.id] });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect((await decide(first.body.request.id, 'reject')).approval.status).toBe('rejected');
    expect(await links(visit.id)).toEqual([{ claim: first.body.request.id, status: 'unlinked', minor: 30_000 }]);
    const frozen = (await hospitality()).frozen;
    const second = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: [await line('e_zhangwei', 'meal', 32_000)], visitIds: [visit.id] });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect((await links(visit.id)).map((l) => l.status)).toEqual(['unlinked', 'linked']);
    // Nothing was consumed or released by the rejected claim: the visit's freeze is whole until the second one settles.
    expect((await hospitality()).frozen).toBe(frozen);
  });

  it('a companion claims several visits at once: an untagged line is split by the visits’ estimates, exactly', async () => {
    const c = await approvedVisit({ clientRef: 'ledger-c', estimate: { meal: 20_000 } });
    const d = await approvedVisit({ clientRef: 'ledger-d', estimate: { meal: 10_000 } });
    t.clock.set(AFTER);
    const before = await hospitality();
    const meal = await line('e_lina', 'meal', 30_001);
    const r = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_lina', lineIds: [meal], visitIds: [c.id, d.id] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.request.details.visits.map((v: { visitId: string; attributed: { minor: number } }) => [v.visitId, v.attributed.minor])).toEqual([
      [c.id, 20_001],
      [d.id, 10_000],
    ]);
    expect((await decide(r.body.request.id, 'approve')).approval.status).toBe('approved');
    const after = await hospitality();
    expect(after.consumed - before.consumed).toBe(30_001);
    expect(before.frozen - after.frozen).toBe(30_000); // both freezes gone: ¥200 + ¥100 (one fen over them was spent beyond)
  });

  it('offsets the host’s advance for the visit first, and pays out the rest', async () => {
    const visit = await approvedVisit({ clientRef: 'ledger-advance', estimate: { meal: 60_000 } });
    const advance = await t.call('POST', '/api/v1/advances', { submitterId: 'e_zhangwei', amount: { minor: 50_000, currency: 'CNY' }, purpose: '接待备用金', applicationId: visit.requestId });
    expect(advance.status, JSON.stringify(advance.body)).toBe(201);
    expect((await decide(advance.body.request.id, 'approve')).approval.status).toBe('approved');
    t.clock.set(AFTER);
    const claim = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: [await line('e_zhangwei', 'meal', 58_000)], visitIds: [visit.id] });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    expect((await decide(claim.body.request.id, 'approve')).approval.status).toBe('approved');
    const advances = await t.call('GET', '/api/v1/advances?employeeId=e_zhangwei');
    const mine = advances.body.advances.find((a: { id: string }) => a.id === advance.body.request.id);
    expect(mine.outstanding).toEqual({ minor: 0, currency: 'CNY' });
    expect(mine.movements).toEqual([expect.objectContaining({ kind: 'offset', amount: { minor: 50_000, currency: 'CNY' }, ref: claim.body.request.id })]);
    const payables = await t.call('GET', '/api/v1/payables?payeeId=e_zhangwei');
    expect(payables.body.payables.filter((p: { sourceId: string }) => p.sourceId === claim.body.request.id).map((p: { amount: unknown }) => p.amount)).toEqual([{ minor: 8_000, currency: 'CNY' }]);
  });

  it('two claims racing for one visit: exactly one links it; the same client reference again is the same claim', async () => {
    const visit = await approvedVisit({ clientRef: 'ledger-race', estimate: { meal: 10_000 } });
    t.clock.set(AFTER);
    const [a, b] = [await line('e_zhangwei', 'meal', 5_000), await line('e_zhangwei', 'meal', 6_000)];
    const results = await Promise.all([a, b].map((id) => t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: [id], visitIds: [visit.id], clientRef: `race-${id}` })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('RECEPTION.VISIT_CLAIMED');
    const winner = results.find((r) => r.status === 201)!;
    expect(await links(visit.id)).toEqual([{ claim: winner.body.request.id, status: 'linked', minor: winner.body.request.amount.minor }]);
    const replay = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: winner.body.request.details.lineIds, visitIds: [visit.id], clientRef: winner.body.request.clientRef ?? `race-${winner.body.request.details.lineIds[0]}` });
    expect([replay.status, replay.body.replayed, replay.body.request.id]).toEqual([201, true, winner.body.request.id]);
    expect((await links(visit.id)).length).toBe(1);
  });

  it('refuses what may not be linked, naming the field', async () => {
    t.clock.set(BEFORE);
    const pending = await t.call('POST', '/api/v1/visits', visitBody({ clientRef: 'ledger-pending' }));
    const lina = await approvedVisit({ clientRef: 'ledger-lina', actorId: 'e_lina', hostId: 'e_lina', companions: [] });
    t.clock.set(AFTER);
    const l = await line('e_zhangwei', 'meal', 1_000);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ visitIds: [pending.body.visit.id] }, 422, 'REIMBURSEMENT.INVALID'],
      [{ visitIds: [lina.id] }, 422, 'REIMBURSEMENT.INVALID'],
      [{ visitIds: ['vis_nowhere'] }, 404, 'NOT_FOUND'],
    ];
    for (const [over, status, code] of cases) {
      const r = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: [l], ...over });
      expect([r.status, r.body.error.code, r.body.error.details.field], JSON.stringify(over)).toEqual([status, code, 'visitIds']);
    }
    expect((await t.call('GET', `/api/v1/expense-lines/${l}`)).body.status).toBe('open');
  });
});

describe('the visit ledger', () => {
  const period = 'from=2026-11-01&to=2026-11-30';

  it('lists completed visits with visitors by name and company only, actual times, cost by reception type, invoices and the claim', async () => {
    const r = await t.call('GET', `/api/v1/reception/ledger?${period}&actorId=e_sarah`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // Only the visit someone was let in to (and whose window is over) is in it.
    expect(r.body.entries.map((e: { visitId: string }) => e.visitId)).toEqual([settled.visit.id]);
    const [e] = r.body.entries;
    expect(e).toMatchObject({
      visitId: settled.visit.id,
      date: '2026-11-20',
      month: '2026-11',
      host: { id: 'e_zhangwei', name: '张伟' },
      department: { id: 'd_sales', name: '销售部 Sales' },
      company: 'ABC科技',
      companies: ['ABC科技'],
      visitorCount: 2,
      visitors: [
        { name: '王强', company: 'ABC科技', checkedInAt: '2026-11-20T06:05:00.000Z', checkedOutAt: '2026-11-20T09:10:00.000Z' },
        { name: '李娜', company: 'ABC科技', checkedInAt: '2026-11-20T06:05:00.000Z', checkedOutAt: '2026-11-20T09:10:00.000Z' },
      ],
      checkedInAt: '2026-11-20T06:05:00.000Z',
      checkedOutAt: '2026-11-20T09:10:00.000Z',
      estimate: { byType: { meal: 96_000, transport: 20_000 }, total: { minor: 116_000, currency: 'CNY' } },
      actual: { byType: { visit: 5_000, meal: 80_000, transport: 15_000 }, total: { minor: 100_000, currency: 'CNY' }, settled: true },
      reimbursement: { id: settled.claimId, number: settled.claimNumber, status: 'approved' },
      invoices: [{ number: settled.invoiceNumber, code: '031002300111', total: { minor: 80_000, currency: 'CNY' }, issueDate: '2026-11-20' }],
    });
    const text = JSON.stringify(r.body);
    for (const secret of ['13800138000', '13900139000', '****', '+86', '1101051949', '002X', 'mobile', 'idNumber']) expect(text).not.toContain(secret);

    // One entry by its visit; not completed yet: 404.
    expect((await t.call('GET', `/api/v1/visits/${settled.visit.id}/ledger?actorId=e_zhangwei`)).body).toEqual(e);
    const open = await t.call('GET', '/api/v1/reception/ledger?from=2026-11-01&to=2026-11-30&actorId=e_sunli');
    expect(open.body.entries).toHaveLength(1);
  });

  it('shows a host only their own visits; an unknown employee or a bad period is refused', async () => {
    expect((await t.call('GET', `/api/v1/reception/ledger?${period}&actorId=e_zhangwei`)).body.entries).toHaveLength(1);
    expect((await t.call('GET', `/api/v1/reception/ledger?${period}&actorId=e_lina`)).body.entries).toHaveLength(1); // companion
    expect((await t.call('GET', `/api/v1/reception/ledger?${period}&actorId=e_david`)).body.entries).toEqual([]);
    const other = await t.call('GET', `/api/v1/visits/${settled.visit.id}/ledger?actorId=e_david`);
    expect([other.status, other.body.error.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    expect((await t.call('GET', `/api/v1/reception/ledger?${period}&actorId=e_nobody`)).status).toBe(404);
    const backwards = await t.call('GET', '/api/v1/reception/ledger?from=2026-11-30&to=2026-11-01&actorId=e_sarah');
    expect([backwards.status, backwards.body.error.code, backwards.body.error.details.field]).toEqual([400, 'VALIDATION.INVALID', 'to']);
    expect((await t.call('GET', '/api/v1/reception/ledger?from=2026-13-01&to=2026-11-01&actorId=e_sarah')).status).toBe(400);
    expect((await t.call('GET', '/api/v1/reception/ledger?from=2025-01-01&to=2026-11-01&actorId=e_sarah')).status).toBe(400);
  });

  it('as CSV: RFC 4180 quoting, amounts in yuan, and text that would start a formula neutralised', async () => {
    // A visit whose visitors and purpose try spreadsheet formulas, commas, quotes and line breaks.
    const v = await approvedVisit({
      clientRef: 'ledger-csv',
      start: '2026-11-20T09:00:00+08:00',
      end: '2026-11-20T11:00:00+08:00',
      visitors: [{ name: '=HYPERLINK("http://evil.example","点我")', company: '+Acme, "Ltd"' }, { name: '@SUM(A1)' }, { name: '-2+3' }],
      purpose: '签约\n第二行, 含逗号',
      estimate: { gift: 12_345 },
    });
    await letIn(v.id, '2026-11-20T01:00:00Z', '2026-11-20T02:30:00Z');
    t.clock.set(AFTER);
    const res = await t.app.request(`/api/v1/reception/ledger?${period}&format=csv&actorId=e_sarah`, { headers: { authorization: `Bearer ${t.key}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await res.arrayBuffer());
    // A byte order mark first, so Excel reads the Chinese as UTF-8 (text() below drops it, as decoders do).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    expect(csv.endsWith('\r\n')).toBe(true);
    // Only a cell's start can begin a formula: the company inside the visitors' cell stays as typed.
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"") (+Acme, ""Ltd""); @SUM(A1); -2+3"`);
    expect(csv).toContain(`"'+Acme, ""Ltd"""`);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.visit_id)).toEqual([v.id, settled.visit.id]);
    const [bad, good] = rows as [Record<string, string>, Record<string, string>];
    expect(bad).toMatchObject({ company: "'+Acme, \"Ltd\"", visitor_count: '3', purpose: '签约\n第二行, 含逗号', currency: 'CNY', estimate_total: '123.45', estimate_gift: '123.45', estimate_meal: '', actual_total: '', reimbursement_id: '' });
    expect(bad.visitors).toBe(`'=HYPERLINK("http://evil.example","点我") (+Acme, "Ltd"); @SUM(A1); -2+3`);
    expect(good).toMatchObject({
      date: '2026-11-20',
      company: 'ABC科技',
      visitor_count: '2',
      visitors: '王强 (ABC科技); 李娜 (ABC科技)',
      checked_in_at: '2026-11-20T06:05:00.000Z',
      checked_out_at: '2026-11-20T09:10:00.000Z',
      host: '张伟',
      department: '销售部 Sales',
      estimate_total: '1160.00',
      estimate_meal: '960.00',
      estimate_transport: '200.00',
      actual_total: '1000.00',
      actual_visit: '50.00',
      actual_meal: '800.00',
      actual_transport: '150.00',
      actual_gift: '',
      reimbursement_id: settled.claimId,
      reimbursement_number: settled.claimNumber,
      reimbursement_status: 'approved',
      invoices: settled.invoiceNumber,
    });
  });

  it('statistics by company, department and month, as JSON and CSV', async () => {
    const company = await t.call('GET', `/api/v1/reception/stats?from=2026-10-01&to=2026-11-30&by=company&actorId=e_zhaomin`);
    expect(company.status, JSON.stringify(company.body)).toBe(200);
    expect(company.body).toMatchObject({ by: 'company', from: '2026-10-01', to: '2026-11-30', months: 2 });
    expect(company.body.rows).toEqual([
      { key: "+Acme, \"Ltd\"", label: "+Acme, \"Ltd\"", currency: 'CNY', visits: 1, visitors: 3, perMonth: 0.5, estimate: { minor: 12_345, currency: 'CNY' }, cost: { minor: 0, currency: 'CNY' }, costedVisits: 0, costPerVisit: null },
      { key: 'ABC科技', label: 'ABC科技', currency: 'CNY', visits: 1, visitors: 2, perMonth: 0.5, estimate: { minor: 116_000, currency: 'CNY' }, cost: { minor: 100_000, currency: 'CNY' }, costedVisits: 1, costPerVisit: { minor: 100_000, currency: 'CNY' } },
    ]);
    const dept = await t.call('GET', `/api/v1/reception/stats?from=2026-11-01&to=2026-11-30&by=department&actorId=e_zhaomin`);
    expect(dept.body.rows).toEqual([{ key: 'd_sales', label: '销售部 Sales', currency: 'CNY', visits: 2, visitors: 5, perMonth: 2, estimate: { minor: 128_345, currency: 'CNY' }, cost: { minor: 100_000, currency: 'CNY' }, costedVisits: 1, costPerVisit: { minor: 100_000, currency: 'CNY' } }]);
    const month = await t.call('GET', `/api/v1/reception/stats?from=2026-11-01&to=2026-12-31&by=month&actorId=e_zhaomin`);
    expect(month.body.rows.map((r: { key: string; visits: number; perMonth: number }) => [r.key, r.visits, r.perMonth])).toEqual([['2026-11', 2, 2]]);

    const res = await t.app.request('/api/v1/reception/stats?from=2026-10-01&to=2026-11-30&by=company&format=csv&actorId=e_zhaomin', { headers: { authorization: `Bearer ${t.key}` } });
    expect(res.headers.get('content-type')).toContain('text/csv');
    const csv = await res.text();
    expect(csv).toBe(
      'company,label,currency,visits,visitors,visits_per_month,estimate_total,cost_total,costed_visits,cost_per_visit\r\n' +
        `"'+Acme, ""Ltd""","'+Acme, ""Ltd""",CNY,1,3,0.5,123.45,0.00,0,\r\n` +
        'ABC科技,ABC科技,CNY,1,2,0.5,1160.00,1000.00,1,1000.00\r\n',
    );
    const bad = await t.call('GET', '/api/v1/reception/stats?from=2026-11-01&to=2026-11-30&by=weather&actorId=e_zhaomin');
    expect(bad.status).toBe(400);
  });

  it('keeps its figures when the visitors’ personal data are purged: counts, times and costs stay, names go', async () => {
    await t.database.db.execute(sql`DELETE FROM visitors WHERE org_id = 'demo' AND visit_id = ${settled.visit.id}`);
    const r = await t.call('GET', `/api/v1/visits/${settled.visit.id}/ledger?actorId=e_sarah`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      visitorCount: 2,
      visitors: [],
      companies: ['ABC科技'],
      checkedInCount: 2,
      checkedInAt: '2026-11-20T06:05:00.000Z',
      checkedOutAt: '2026-11-20T09:10:00.000Z',
      actual: { total: { minor: 100_000, currency: 'CNY' }, settled: true },
    });
    const stats = await t.call('GET', `/api/v1/reception/stats?from=2026-11-01&to=2026-11-30&by=company&actorId=e_sarah`);
    expect(stats.body.rows.find((x: { key: string }) => x.key === 'ABC科技')).toMatchObject({ visits: 1, visitors: 2, cost: { minor: 100_000 } });
  });
});
