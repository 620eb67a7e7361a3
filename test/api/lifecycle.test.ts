// The lifecycle's REST API on bad and awkward input: every refusal names the field or the first claim, nothing is
// half-saved, and repeats change nothing.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localReceiptStore } from '../../src/integrations/storage/receipt-store.js';
import { testApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({}, { receipts: localReceiptStore(mkdtempSync(path.join(tmpdir(), 'receipts-'))) });
});
afterAll(() => t.close());

const line = (over: Record<string, unknown> = {}) => ({ employeeId: 'e_zhangwei', category: 'transport', amount: { minor: 4_500, currency: 'CNY' }, date: '2026-11-17', merchant: '滴滴出行', ...over });
const vat = (over: Record<string, unknown> = {}) => ({ kind: 'vat', code: '031002200111', number: '40213822', issueDate: '2026-11-16', sellerTaxId: '91310000MA1FL8XQ37', amount: { minor: 4_245, currency: 'CNY' }, tax: { minor: 255, currency: 'CNY' }, total: { minor: 4_500, currency: 'CNY' }, ...over });

async function approveAll(requestId: string) {
  for (let i = 0; i < 4; i++) {
    const r = await t.call('GET', `/api/v1/requests/${requestId}`);
    if (r.body.approval.status !== 'pending') return r.body;
    const acted = await t.call('POST', `/api/v1/approvals/${r.body.approval.id}/actions`, { actorId: r.body.approval.progress.pending[0], action: 'approve' });
    if (acted.status !== 200) return { refused: acted.body };
  }
  return (await t.call('GET', `/api/v1/requests/${requestId}`)).body;
}

describe('expense lines', () => {
  it.each([
    [{ amount: { minor: 0, currency: 'CNY' } }, 422, 'amount.minor'],
    [{ amount: { minor: -100, currency: 'CNY' } }, 422, 'amount.minor'],
    [{ amount: { minor: 100, currency: 'XYZ' } }, 422, 'amount.currency'],
    [{ date: '2026-11-19' }, 422, 'date'],
    [{ category: 'yacht' }, 400, 'category'],
    [{ amount: { minor: 10.5, currency: 'CNY' } }, 400, 'amount.minor'],
  ])('refuses %j with %i naming the field', async (over, status, field) => {
    const r = await t.call('POST', '/api/v1/expense-lines', line(over));
    expect(r.status).toBe(status);
    expect(JSON.stringify(r.body.error)).toContain(field);
  });

  it('blocks the second claim of an invoice anywhere in the organisation, naming the first line; nothing is saved', async () => {
    const first = await t.call('POST', '/api/v1/expense-lines', line({ invoice: vat() }));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const before = (await t.call('GET', '/api/v1/expense-lines?employeeId=e_lina')).body.lines.length;
    // Someone else, same invoice typed without its code (seller + number + amount still match).
    const second = await t.call('POST', '/api/v1/expense-lines', line({ employeeId: 'e_lina', invoice: vat({ code: undefined, number: '40213822' }) }));
    expect(second.status).toBe(422); // an 8-digit number without its code is itself incomplete
    const third = await t.call('POST', '/api/v1/expense-lines', line({ employeeId: 'e_lina', invoice: vat({ code: '031002200111' }) }));
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('INVOICE.DUPLICATE');
    expect(third.body.error.message).toContain(first.body.id);
    expect(third.body.error.message).toContain('张伟');
    expect((await t.call('GET', '/api/v1/expense-lines?employeeId=e_lina')).body.lines.length).toBe(before);
  });

  it('catches a duplicate attached later through seller + number + amount', async () => {
    const a = await t.call('POST', '/api/v1/expense-lines', line({ amount: { minor: 20_000, currency: 'CNY' } }));
    const b = await t.call('POST', '/api/v1/expense-lines', line({ employeeId: 'e_lina', amount: { minor: 20_000, currency: 'CNY' } }));
    const inv = { kind: 'vat', number: '26312000000999999999', issueDate: '2026-11-16', sellerTaxId: '91310000MA1FL8XQ37', amount: { minor: 18_868, currency: 'CNY' }, tax: { minor: 1_132, currency: 'CNY' }, total: { minor: 20_000, currency: 'CNY' } };
    expect((await t.call('POST', `/api/v1/expense-lines/${a.body.id}/invoice`, { actorId: 'e_zhangwei', invoice: inv })).status).toBe(201);
    const dup = await t.call('POST', `/api/v1/expense-lines/${b.body.id}/invoice`, { actorId: 'e_lina', invoice: inv });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details.firstLineId).toBe(a.body.id);
    const other = await t.call('POST', `/api/v1/expense-lines/${a.body.id}/invoice`, { actorId: 'e_lina', invoice: { ...inv, number: '26312000000888888888' } });
    expect(other.status).toBe(403);
  });

  it('reads an e-invoice XML receipt, attaches its invoice, and refuses the same XML on another line', async () => {
    const xml = readFileSync(new URL('../fixtures/einvoice/fully-digital-normal.xml', import.meta.url));
    const l1 = await t.call('POST', '/api/v1/expense-lines', line({ amount: { minor: 8_800, currency: 'CNY' }, date: '2026-11-17' }));
    const up = await t.app.request(`/api/v1/expense-lines/${l1.body.id}/receipts?actorId=e_zhangwei&filename=invoice.xml`, { method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/xml' }, body: xml });
    const body = (await up.json()) as { receiptId: string; invoice?: { invoiceId: string } };
    expect(up.status, JSON.stringify(body)).toBe(201);
    expect(body.invoice?.invoiceId).toBeTruthy();
    const stored = await t.app.request(`/api/v1/receipts/${body.receiptId}`, { headers: { authorization: `Bearer ${t.key}` } });
    expect(Buffer.from(await stored.arrayBuffer()).equals(xml)).toBe(true);
    const l2 = await t.call('POST', '/api/v1/expense-lines', line({ employeeId: 'e_lina', amount: { minor: 8_800, currency: 'CNY' } }));
    const again = await t.app.request(`/api/v1/expense-lines/${l2.body.id}/receipts?actorId=e_lina`, { method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/xml' }, body: xml });
    expect(again.status).toBe(409);
    expect((await t.call('GET', `/api/v1/expense-lines/${l2.body.id}`)).body.receipts).toEqual([]);
    const png = await t.app.request(`/api/v1/expense-lines/${l2.body.id}/receipts?actorId=e_lina`, { method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'image/png' }, body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) });
    const pngBody = (await png.json()) as { extraction?: string };
    expect(png.status).toBe(201);
    expect(pngBody.extraction).toContain('OPENAI_API_KEY');
    const exe = await t.app.request(`/api/v1/expense-lines/${l2.body.id}/receipts?actorId=e_lina`, { method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/x-msdownload' }, body: 'MZ' });
    expect(exe.status).toBe(422);
  });
});

describe('reimbursements and advances', () => {
  it('refuses someone else\'s line, a draft line, and an allocation that does not add up', async () => {
    const mine = await t.call('POST', '/api/v1/expense-lines', line({ amount: { minor: 12_000, currency: 'CNY' } }));
    const theirs = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_lina', lineIds: [mine.body.id] });
    expect(theirs.status).toBe(403);
    const split = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: [mine.body.id], allocations: [{ departmentId: 'd_sales', percent: 60 }, { departmentId: 'd_rd', percent: 30 }] });
    expect(split.status).toBe(422);
    expect(split.body.error.message).toContain('90');
    const missing = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: ['exl_nope'] });
    expect(missing.status).toBe(404);
    // Nothing was claimed by the refused attempts.
    expect((await t.call('GET', `/api/v1/expense-lines/${mine.body.id}`)).body.status).toBe('open');
  });

  it('splits an approved claim across departments exactly and consumes both budgets; a repeat submission replays', async () => {
    const l = await t.call('POST', '/api/v1/expense-lines', line({ category: 'meal', amount: { minor: 10_001, currency: 'CNY' }, merchant: '海底捞' }));
    const body = { submitterId: 'e_zhangwei', lineIds: [l.body.id], allocations: [{ departmentId: 'd_sales', percent: 50 }, { departmentId: 'd_rd', percent: 50 }], clientRef: 'oa-claim-1' };
    const claim = await t.call('POST', '/api/v1/reimbursements', body);
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    expect((await t.call('POST', '/api/v1/reimbursements', body)).body.replayed).toBe(true);
    const budgets = async () => (await t.call('GET', '/api/v1/budgets?category=meal&periodKey=2026-11')).body.budgets as { departmentId: string; consumed: { minor: number } }[];
    const before = await budgets();
    const decided = await approveAll(claim.body.request.id);
    expect(decided.request.status).toBe('approved');
    const after = await budgets();
    const delta = (d: string) => after.find((b) => b.departmentId === d)!.consumed.minor - before.find((b) => b.departmentId === d)!.consumed.minor;
    expect([delta('d_sales'), delta('d_rd')].sort()).toEqual([5_000, 5_001]);
    expect(decided.request.details.settlement.allocations.reduce((s: number, a: { amountMinor: number }) => s + a.amountMinor, 0)).toBe(10_001);
  });

  it('books the approved claim’s voucher: expenses net of a special invoice’s VAT per cost centre, input VAT, the payable; balanced', async () => {
    // A taxi with a special VAT invoice (专票: its 3% tax is deductible) and a meal with an ordinary one (not).
    const taxi = await t.call('POST', '/api/v1/expense-lines', line({ amount: { minor: 10_300, currency: 'CNY' }, merchant: '大众出租', invoice: vat({ vatType: 'special', code: '031002200222', number: '50213822', amount: { minor: 10_000, currency: 'CNY' }, tax: { minor: 300, currency: 'CNY' }, total: { minor: 10_300, currency: 'CNY' } }) }));
    const meal = await t.call('POST', '/api/v1/expense-lines', line({ category: 'meal', amount: { minor: 5_001, currency: 'CNY' }, merchant: '外婆家', invoice: vat({ vatType: 'normal', code: '031002200333', number: '60213822', amount: { minor: 4_718, currency: 'CNY' }, tax: { minor: 283, currency: 'CNY' }, total: { minor: 5_001, currency: 'CNY' } }) }));
    expect([taxi.status, meal.status], JSON.stringify([taxi.body, meal.body])).toEqual([201, 201]);
    const claim = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: [taxi.body.id, meal.body.id], allocations: [{ departmentId: 'd_sales', percent: 50 }, { departmentId: 'd_rd', percent: 50 }] });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    expect((await approveAll(claim.body.request.id)).request.status).toBe('approved');
    const all = (await t.call('GET', '/api/v1/vouchers?actorId=e_sarah')).body.vouchers as { kind: string; status: string; number: string; source: { id: string }; lines: { account: string; debitMinor: number; creditMinor: number; costCentre?: string }[] }[];
    const v = all.find((x) => x.kind === 'reimbursement_approved' && x.source.id === claim.body.request.id)!;
    expect(v.status).toBe('booked');
    expect(v.number).toMatch(/^\d{4}-\d{2}-\d{4}$/);
    const debit = (account: string, cc?: string) => v.lines.filter((l) => l.account === account && (cc === undefined || l.costCentre === cc)).reduce((n, l) => n + l.debitMinor, 0);
    const credits = v.lines.reduce((n, l) => n + l.creditMinor, 0);
    expect(v.lines.reduce((n, l) => n + l.debitMinor, 0)).toBe(credits);
    expect(credits).toBe(15_301);
    // Input VAT is the special invoice's tax only; the expenses carry the rest, split 50/50 over the cost centres.
    const vatLine = v.lines.find((l) => l.debitMinor === 300);
    expect(vatLine).toBeDefined();
    const expenses = v.lines.filter((l) => l.costCentre).reduce((n, l) => n + l.debitMinor, 0);
    expect(expenses).toBe(15_301 - 300);
    expect(Math.abs(v.lines.filter((l) => l.costCentre === 'd_sales').reduce((n, l) => n + l.debitMinor, 0) - v.lines.filter((l) => l.costCentre === 'd_rd').reduce((n, l) => n + l.debitMinor, 0))).toBeLessThanOrEqual(2);
    expect(debit(vatLine!.account)).toBe(300);
    // One voucher per claim.
    expect(all.filter((x) => x.kind === 'reimbursement_approved' && x.source.id === claim.body.request.id)).toHaveLength(1);
  });

  it('refuses the approval itself when the budget cannot take the claim, and changes nothing', async () => {
    const l = await t.call('POST', '/api/v1/expense-lines', line({ category: 'communication', amount: { minor: 150_000, currency: 'CNY' }, merchant: '中国移动' }));
    const claim = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: [l.body.id] });
    expect(claim.status).toBe(201);
    const r = await approveAll(claim.body.request.id);
    expect(r.refused.error.code).toBe('BUDGET.EXCEEDED');
    const still = await t.call('GET', `/api/v1/requests/${claim.body.request.id}`);
    expect(still.body.request.status).toBe('pending');
    expect((await t.call('GET', `/api/v1/expense-lines/${l.body.id}`)).body.status).toBe('claimed');
  });

  it('keeps the rest of a larger advance outstanding; finance records the repayment, never more than owed', async () => {
    const adv = await t.call('POST', '/api/v1/advances', { submitterId: 'e_david', amount: { minor: 30_000, currency: 'CNY' }, purpose: 'client dinner' });
    expect(adv.status).toBe(201);
    await approveAll(adv.body.request.id);
    const l = await t.call('POST', '/api/v1/expense-lines', line({ employeeId: 'e_david', category: 'meal', amount: { minor: 12_000, currency: 'CNY' } }));
    const claim = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_david', lineIds: [l.body.id] });
    await approveAll(claim.body.request.id);
    const advances = await t.call('GET', '/api/v1/advances?employeeId=e_david');
    expect(advances.body.advances[0].outstanding.minor).toBe(18_000);
    expect(advances.body.outstanding).toEqual([{ employeeId: 'e_david', amount: { minor: 18_000, currency: 'CNY' } }]);
    const payables = (await t.call('GET', '/api/v1/payables?payeeId=e_david')).body.payables;
    expect(payables.map((p: { sourceType: string }) => p.sourceType)).toEqual(['advance']); // the claim was fully offset
    const id = adv.body.request.id;
    expect((await t.call('POST', `/api/v1/advances/${id}/repayments`, { actorId: 'e_david', amount: { minor: 18_000, currency: 'CNY' }, reference: 'BANK-1' })).status).toBe(403);
    const over = await t.call('POST', `/api/v1/advances/${id}/repayments`, { actorId: 'e_sarah', amount: { minor: 18_001, currency: 'CNY' }, reference: 'BANK-1' });
    expect(over.status).toBe(422);
    const ok = await t.call('POST', `/api/v1/advances/${id}/repayments`, { actorId: 'e_sarah', amount: { minor: 18_000, currency: 'CNY' }, reference: 'BANK-2' });
    expect(ok.body).toMatchObject({ outstandingMinor: 0, status: 'settled', replayed: false });
    expect((await t.call('POST', `/api/v1/advances/${id}/repayments`, { actorId: 'e_sarah', amount: { minor: 18_000, currency: 'CNY' }, reference: 'BANK-2' })).body.replayed).toBe(true);
  });

  it('shows finance the pending claims, flagged first', async () => {
    const big = await t.call('POST', '/api/v1/expense-lines', line({ category: 'transport', amount: { minor: 80_000, currency: 'CNY' } }));
    await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: [big.body.id], justification: '机场往返' });
    const q = await t.call('GET', '/api/v1/finance/review-queue');
    expect(q.status).toBe(200);
    expect(q.body.items[0].flags.length).toBeGreaterThan(0);
    expect(q.body.items.some((i: { justification: string | null }) => i.justification === '机场往返')).toBe(true);
  });
});

describe('trips through the API', () => {
  const trip = (over: Record<string, unknown> = {}) => ({ type: 'trip', submitterId: 'e_lina', title: '上海出差', details: { trip: { destination: '上海', departDate: '2026-11-24', returnDate: '2026-11-26', transport: 'train', ...over } } });

  it('refuses a return before the departure, naming the field', async () => {
    const r = await t.call('POST', '/api/v1/requests', trip({ returnDate: '2026-11-23' }));
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'TRIP.INVALID', details: { field: 'returnDate' } });
  });

  it('closes an approved trip with nothing to claim: its whole freeze goes back, once; a pending trip must be withdrawn instead', async () => {
    const r = await t.call('POST', '/api/v1/requests', trip({ destination: '成都', departDate: '2026-11-25', returnDate: '2026-11-25' }));
    const early = await t.call('POST', `/api/v1/trips/${r.body.request.id}/complete`, { actorId: 'e_lina' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('withdraw it instead');
    await approveAll(r.body.request.id);
    const before = (await t.call('GET', '/api/v1/budgets?departmentId=d_sales&category=travel&periodKey=2026-11')).body.budgets[0];
    expect((await t.call('POST', `/api/v1/trips/${r.body.request.id}/complete`, { actorId: 'e_zhangwei' })).status).toBe(403);
    const done = await t.call('POST', `/api/v1/trips/${r.body.request.id}/complete`, { actorId: 'e_lina' });
    expect(done.body).toMatchObject({ phase: 'completed', releasedMinor: r.body.request.amount.minor });
    const after = (await t.call('GET', '/api/v1/budgets?departmentId=d_sales&category=travel&periodKey=2026-11')).body.budgets[0];
    expect(before.frozen.minor - after.frozen.minor).toBe(r.body.request.amount.minor);
    expect((await t.call('POST', `/api/v1/trips/${r.body.request.id}/complete`, { actorId: 'e_lina' })).status).toBe(409);
  });

  it('estimates and freezes on approval, then checks the claimed hotel against the city cap', async () => {
    const r = await t.call('POST', '/api/v1/requests', trip());
    expect(r.status).toBe(201);
    expect(r.body.request.amount).toEqual({ minor: 174_000, currency: 'CNY' });
    await approveAll(r.body.request.id);
    const hotel = await t.call('POST', '/api/v1/expense-lines', line({ employeeId: 'e_lina', category: 'hotel', amount: { minor: 150_000, currency: 'CNY' }, date: '2026-11-17', merchant: '外滩酒店', applicationId: r.body.request.id }));
    expect(hotel.status, JSON.stringify(hotel.body)).toBe(201);
    const claim = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_lina', lineIds: [hotel.body.id], justification: '会展期间房价上涨' });
    expect(claim.status).toBe(201);
    const over = claim.body.violations.find((v: { code: string }) => v.code === 'POLICY.HOTEL_OVER_CAP');
    expect(over).toMatchObject({ severity: 'warn', details: { nightlyMinor: 75_000, capMinor: 60_000, nights: 2 } });
    expect(claim.body.request.details.justification).toBe('会展期间房价上涨');
  });
});

describe('card feeds', () => {
  it('imports a CSV: matches an open line, drafts the rest, reports malformed rows, and a resend is all duplicates', async () => {
    const l = await t.call('POST', '/api/v1/expense-lines', line({ employeeId: 'e_lina', amount: { minor: 6_600, currency: 'CNY' }, merchant: '星巴克', date: '2026-11-16' }));
    const csv = 'transaction_id,employee,transaction_date,amount,currency,merchant\nC1,li.na@galaxy.example,2026-11-17,66.00,CNY,STARBUCKS #88\nC2,e_lina,2026-11-17,123.40,CNY,全家便利店\nC3,e_lina,not-a-date,1.00,CNY,x\nC4,nobody@x.example,2026-11-17,9.00,CNY,y\n';
    const send = () => t.app.request('/api/v1/card-feeds/csv?provider=cmb', { method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'text/csv' }, body: csv });
    const res = await send();
    const report = (await res.json()) as { matched: number; drafted: number; unassigned: number; accepted: number; duplicates: number; errors: { row: number; field?: string }[] };
    expect(res.status).toBe(200);
    expect(report).toMatchObject({ accepted: 3, matched: 1, drafted: 1, unassigned: 1, duplicates: 0 });
    expect(report.errors).toEqual(expect.arrayContaining([expect.objectContaining({ row: 3, field: 'transactionDate' }), expect.objectContaining({ row: 4, field: 'employee' })]));
    expect((await t.call('GET', `/api/v1/expense-lines/${l.body.id}`)).body.cardTransactionId).toBeTruthy();
    const drafts = (await t.call('GET', '/api/v1/expense-lines?employeeId=e_lina&status=draft')).body.lines;
    expect(drafts.map((d: { merchant: string }) => d.merchant)).toEqual(['全家便利店']);
    const again = (await (await send()).json()) as { accepted: number; duplicates: number };
    expect(again).toMatchObject({ accepted: 0, duplicates: 3 });
    const confirm = await t.call('POST', `/api/v1/expense-lines/${drafts[0].id}/confirm`, { employeeId: 'e_lina' });
    expect(confirm.body).toMatchObject({ status: 'open', changed: true });
    expect((await t.call('POST', `/api/v1/expense-lines/${drafts[0].id}/confirm`, { employeeId: 'e_zhangwei' })).status).toBe(403);
  });

  it('refuses a feed with no usable row, naming the problem, and a JSON push is checked row by row', async () => {
    const bad = await t.app.request('/api/v1/card-feeds/csv?provider=cmb', { method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'text/csv' }, body: 'a,b\n1,2\n' });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('FEED.INVALID');
    const push = await t.call('POST', '/api/v1/card-feeds', { provider: 'pingpong', transactions: [{ id: 'P1', employee: 'e_lina', amount: '18.00', currency: 'CNY', transactionDate: '2026-11-17', merchant: 'Uber' }, { id: 'P2', amount: '-5', currency: 'CNY', transactionDate: '2026-11-17', merchant: 'Uber' }, { id: 'P3', amountMinor: 5, currency: 'QQQ', transactionDate: '2026-11-17', merchant: 'x' }] });
    expect(push.status).toBe(200);
    expect(push.body).toMatchObject({ accepted: 2, drafted: 1, refunds: 1 });
    expect(push.body.errors).toEqual([expect.objectContaining({ row: 3, field: 'currency' })]);
  });
});
