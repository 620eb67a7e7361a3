// Payables fall due: an advance or a reimbursement approved late in the UTC day falls due on the organisation's next
// day plus PAYABLE_TERMS_DAYS; a run proposes only what is due by `dueBy` (default today in the organisation's time
// zone), grouped by currency and company account, in due-date order; rows from before the column are backfilled.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../../db/database.js';
import { proposeRun, type DuePayable } from '../../../domain/payment/index.js';
import { addCalendarDays } from '../../../src/usecases/org-time.js';
import { openPayable } from '../../helpers/payables.js';
import { testApp, type TestApp } from '../../helpers/app.js';

const migrations = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../db/migrations');

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ PAYABLE_TERMS_DAYS: '10' });
  // 17:30 UTC on the 18th is 01:30 on the 19th in Shanghai, the demo organisation's zone.
  t.clock.set('2026-11-18T17:30:00.000Z');
});
afterAll(() => t.close());

async function approveAll(requestId: string): Promise<void> {
  for (let i = 0; i < 4; i++) {
    const r = await t.call('GET', `/api/v1/requests/${requestId}`);
    if (r.body.approval.status !== 'pending') return;
    expect((await t.call('POST', `/api/v1/approvals/${r.body.approval.id}/actions`, { actorId: r.body.approval.progress.pending[0], action: 'approve' })).status).toBe(200);
  }
}
const dueOfSource = async (sourceId: string) => rowsOf<{ due_on: string }>(await t.database.db.execute(sql`SELECT due_on::text AS due_on FROM payables WHERE org_id = 'demo' AND source_id = ${sourceId}`))[0]?.due_on;

describe('due dates', () => {
  it('an approved advance and a settled reimbursement fall due on the organisation\'s date + PAYABLE_TERMS_DAYS', async () => {
    const adv = await t.call('POST', '/api/v1/advances', { submitterId: 'e_david', amount: { minor: 30_000, currency: 'CNY' }, purpose: 'client dinner' });
    expect(adv.status).toBe(201);
    await approveAll(adv.body.request.id);
    expect(await dueOfSource(adv.body.request.id)).toBe('2026-11-29'); // 19th in Shanghai (not the 18th of UTC) + 10
    const line = await t.call('POST', '/api/v1/expense-lines', { employeeId: 'e_lina', category: 'transport', amount: { minor: 4_500, currency: 'CNY' }, date: '2026-11-17', merchant: '滴滴出行' });
    expect(line.status).toBe(201);
    const claim = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_lina', lineIds: [line.body.id] });
    expect(claim.status).toBe(201);
    await approveAll(claim.body.request.id);
    expect(await dueOfSource(claim.body.request.id)).toBe('2026-11-29');
  });

  it('a run proposes what is due by today (organisation time) by default, and later payables when dueBy reaches them', async () => {
    expect((await t.call('POST', '/api/v1/debtor-accounts', { actorId: 'e_zhaomin', name: '基本户', account: { holderName: '星河科技有限公司', bankName: '招商银行上海分行', accountNumber: '121909876510601', cnaps: '308290003020' } })).status).toBe(201);
    expect((await t.call('POST', '/api/v1/debtor-accounts', { actorId: 'e_zhaomin', name: 'USD account', account: { holderName: 'Galaxy Tech Ltd', bankName: 'HSBC', iban: 'GB82 WEST 1234 5698 7654 32', bic: 'HBUKGB4B', currency: 'USD' } })).status).toBe(201);
    const overdue = await openPayable(t, 'demo', 'e_zhangwei', 10_000, 'CNY', '2026-11-10');
    const today = await openPayable(t, 'demo', 'e_huangtao', 20_000, 'CNY', '2026-11-19');
    const usd = await openPayable(t, 'demo', 'e_emily', 5_000, 'USD', '2026-11-15');
    const later = await openPayable(t, 'demo', 'e_sunli', 30_000, 'CNY', '2026-11-25');

    const now = await t.call('POST', '/api/v1/payment-runs', { actorId: 'e_sarah' });
    expect(now.status).toBe(201);
    const ids = now.body.run.items.map((i: { payableId: string }) => i.payableId);
    // The advance and the reimbursement (due the 29th) and `later` wait; CNY before USD, each in due-date order.
    expect(ids).toEqual([overdue, today, usd]);
    expect(now.body.run.items.map((i: { dueOn: string }) => i.dueOn)).toEqual(['2026-11-10', '2026-11-19', '2026-11-15']);
    const audit = rowsOf<{ after: { dueBy: string; items: number } }>(await t.database.db.execute(sql`SELECT after FROM audit_log WHERE org_id = 'demo' AND action = 'payment_run.created'`));
    expect(audit.map((a) => a.after)).toEqual([expect.objectContaining({ dueBy: '2026-11-19', items: 3 })]);

    const nothing = await t.call('POST', '/api/v1/payment-runs', { actorId: 'e_sarah', dueBy: '2026-11-24' });
    expect(nothing.status).toBe(409);
    expect(nothing.body.error.code).toBe('PAYMENT.NOTHING_TO_PAY');
    const ahead = await t.call('POST', '/api/v1/payment-runs', { actorId: 'e_sarah', dueBy: '2026-11-30' });
    expect(ahead.status).toBe(201);
    expect(ahead.body.run.items.map((i: { payableId: string }) => i.payableId)[0]).toBe(later);
    expect(ahead.body.run.items.map((i: { dueOn: string }) => i.dueOn)).toEqual(['2026-11-25', '2026-11-29', '2026-11-29']);
  });

  it('refuses a dueBy that is not a real date', async () => {
    const bad = await t.call('POST', '/api/v1/payment-runs', { actorId: 'e_sarah', dueBy: '2026-02-30' });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION.INVALID_DATE', details: { field: 'dueBy' } });
    expect((await t.call('POST', '/api/v1/payment-runs', { actorId: 'e_sarah', dueBy: 'tomorrow' })).status).toBe(400);
  });

  it('the backfill gives payables from before due dates the day they were created, in their organisation\'s zone', async () => {
    const db = t.database.db;
    await db.execute(sql`ALTER TABLE payables ALTER COLUMN due_on DROP NOT NULL`);
    await db.execute(sql`INSERT INTO payables (id, org_id, source_type, source_id, payee_type, payee_id, amount_minor, currency, status, created_at)
      VALUES ('pay_old_1', 'demo', 'reimbursement', 'req_old_1', 'employee', 'e_zhangwei', 100, 'CNY', 'paid', '2026-10-31T16:30:00Z')`);
    // The backfill, then the migration that makes the column required (found by name: their numbers change as
    // migrations are merged).
    for (const name of ['_payables_due_on_backfill.sql', '_payables_due_on_required.sql']) {
      const file = readFileSync(path.join(migrations, readdirSync(migrations).find((f) => f.endsWith(name))!), 'utf8');
      for (const statement of file.split('--> statement-breakpoint')) await db.execute(sql.raw(statement));
    }
    expect(await dueOfSource('req_old_1')).toBe('2026-11-01');
    const nullable = rowsOf<{ is_nullable: string }>(await db.execute(sql`SELECT is_nullable FROM information_schema.columns WHERE table_name = 'payables' AND column_name = 'due_on'`));
    expect(nullable[0]!.is_nullable).toBe('NO');
  });
});

describe('proposeRun (pure)', () => {
  const p = (id: string, currency: string, dueOn: string, hour = 0): DuePayable => ({ id, payeeType: 'employee', payeeId: `e_${id}`, amount: { minor: 100, currency }, dueOn, createdAt: new Date(Date.UTC(2026, 10, 1, hour)) });
  const accounts = new Map(['a', 'b', 'c', 'd', 'e'].map((x) => [`employee:e_${x}`, { payeeId: `py_${x}`, currency: x === 'd' ? 'USD' : 'CNY' }]));

  it('leaves out what falls due after dueBy and groups by currency and debtor account, each in due-date order', () => {
    const items = proposeRun([p('a', 'CNY', '2026-11-20'), p('b', 'CNY', '2026-11-05', 2), p('c', 'CNY', '2026-11-05', 1), p('d', 'USD', '2026-11-01'), p('e', 'CNY', '2026-12-01'), p('f', 'CNY', '2026-11-02')], accounts, [{ id: 'dac_cny', currency: 'CNY' }, { id: 'dac_usd', currency: 'USD' }, { id: 'dac_cny2', currency: 'CNY' }], new Date('2026-11-20T00:00:00Z'), '2026-11-20');
    expect(items.map((i) => `${i.payableId}:${i.state}:${i.debtorAccountId ?? '-'}`)).toEqual(['c:included:dac_cny', 'b:included:dac_cny', 'a:included:dac_cny', 'f:held:-', 'd:included:dac_usd']);
  });

  it('adds calendar days across month and year ends', () => {
    expect(addCalendarDays('2026-12-25', 10)).toBe('2027-01-04');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addCalendarDays('2026-11-19', 0)).toBe('2026-11-19');
  });
});
