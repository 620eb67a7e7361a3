// The finance pages over HTTP: the exceptions queue with its reasons and finance's decisions through the forms (match
// by hand to one or many payments, fee, write off with a reason, not ours), refusals drawn again with the reason and
// what was typed; CSRF on every POST; the finance role (or admin) checked on every request; the other pages' figures.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/database.js';
import { getPayment } from '../../../db/repos/payments.js';
import { financeCsrfToken, readFinanceSession } from '../../../src/web/finance/session.js';
import { testApp, type TestApp } from '../../helpers/app.js';
import { csrfIn, financeSession, seedFinance, type FinanceSeed } from '../../helpers/finance.js';

let t: TestApp;
let seed: FinanceSeed;
beforeAll(async () => {
  t = await testApp();
  seed = await seedFinance(t, t.call, 'demo', 'e_sarah', 'e_zhangwei', 'demo');
});
afterAll(() => t.close());

const stateOf = async (ref: string) =>
  rowsOf<{ state: string }>(await t.database.db.execute(sql`SELECT state FROM bank_statement_lines WHERE org_id = 'demo' AND statement_id = ${seed.statementId} AND ref = ${ref}`))[0]!.state;
const line = (ref: string) => `/finance/exceptions/${seed.statementId}/${ref}`;

describe('finance pages: roles and CSRF', () => {
  it('shows a non-finance employee a 403 page on every page and refuses their decisions', async () => {
    const s = await financeSession(t, 'demo', 'e_zhangwei');
    for (const page of ['exceptions', 'runs', 'reconciliation', 'budgets']) {
      const r = await s.get(`/finance/${page}`);
      expect(r.status).toBe(403);
      expect(r.text).toContain('finance');
    }
    // With the session's own CSRF token the decision is still refused: the role is checked in the use case.
    const csrf = financeCsrfToken(t.deps.box, readFinanceSession(t.deps.box, s.cookie, t.clock.now())!.id);
    const r = await s.post(line('2.1'), { _csrf: csrf, action: 'not_ours' });
    expect(r.status).toBe(403);
    expect(await stateOf('2.1')).toBe('open');
  });

  it('refuses a POST without the session’s CSRF token with 403, and nothing changes', async () => {
    const s = await financeSession(t, 'demo', 'e_sarah');
    const other = await financeSession(t, 'demo', 'e_sarah');
    const othersToken = csrfIn((await other.get('/finance/exceptions')).text);
    for (const form of [{ action: 'not_ours' }, { _csrf: 'nope', action: 'not_ours' }, { _csrf: othersToken, action: 'not_ours' }]) {
      const r = await s.post(line('2.1'), form);
      expect(r.status).toBe(403);
      expect(r.text).toContain('CSRF');
    }
    expect((await s.post('/finance/logout', {})).status).toBe(403);
    expect(await stateOf('2.1')).toBe('open');
  });
});

describe('finance pages: the exceptions queue', () => {
  it('lists every open transaction with its reason and the forms to decide it, in the employee’s language', async () => {
    const en = await (await financeSession(t, 'demo', 'e_sarah')).get('/finance/exceptions');
    expect(en.status).toBe(200);
    for (const ref of ['1.1', '2.1', '3.1']) expect(en.text).toContain(`data-line="${seed.statementId}/${ref}"`);
    expect(en.text).toContain('money in that no payment of ours explains');
    expect(en.text).toContain('a debit that no payment of ours explains');
    expect(en.text).toContain(`value="${seed.payments.small}"`);
    // The admin may see it too, in Chinese.
    const zh = await (await financeSession(t, 'demo', 'e_chenjing')).get('/finance/exceptions');
    expect(zh.status).toBe(200);
    expect(zh.text).toContain('收到一笔款项，没有对应的付款');
    expect(zh.text).toContain('核销');
  });

  it('draws a refused decision again with the reason and what was typed, and changes nothing', async () => {
    const s = await financeSession(t, 'demo', 'e_sarah');
    const csrf = csrfIn((await s.get('/finance/exceptions')).text);
    const noReason = await s.post(line('2.1'), { _csrf: csrf, action: 'write_off', reason: '   ' });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('a write-off needs a reason');
    const wrongSum = await s.post(line('1.1'), { _csrf: csrf, action: 'match', paymentIds: [seed.payments.big], paymentIdsText: 'pmt_typed' });
    expect(wrongSum.status).toBe(404); // pmt_typed is nobody's
    // Several payments ticked reach the use case together (and are ticked again on the page drawn back).
    const wrongAmount = await s.post(line('1.1'), { _csrf: csrf, action: 'match', paymentIds: [seed.payments.small, seed.payments.big] });
    expect(wrongAmount.status).toBe(422);
    expect(wrongAmount.text).toContain('the payments add up to 32800, the transaction is 12800');
    expect(wrongAmount.text).toContain(`value="${seed.payments.small}" checked`);
    expect(wrongAmount.text).toContain(`value="${seed.payments.big}" checked`);
    const fee = await s.post(line('2.1'), { _csrf: csrf, action: 'fee', reason: 'kept' });
    expect(fee.status).toBe(422);
    expect(fee.text).toContain('only a debit can be a bank fee');
    expect((await s.post(line('2.1'), { _csrf: csrf, action: 'delete' })).status).toBe(400);
    expect([await stateOf('1.1'), await stateOf('2.1'), await stateOf('3.1')]).toEqual(['open', 'open', 'open']);
  });

  it('decides each transaction once through the forms: match by hand, fee, write-off with its reason, not ours', async () => {
    const s = await financeSession(t, 'demo', 'e_sarah');
    const csrf = csrfIn((await s.get('/finance/exceptions')).text);
    const matched = await s.post(line('1.1'), { _csrf: csrf, action: 'match', paymentIds: [seed.payments.small] });
    expect([matched.status, matched.location]).toEqual([303, '/finance/exceptions']);
    expect((await getPayment(t.database.db, 'demo', seed.payments.small))?.status).toBe('settled');
    expect((await s.post(line('3.1'), { _csrf: csrf, action: 'fee' })).status).toBe(303);
    expect((await s.post(line('2.1'), { _csrf: csrf, action: 'write_off', reason: 'Customer overpaid; refunded by hand' })).status).toBe(303);
    expect([await stateOf('1.1'), await stateOf('2.1'), await stateOf('3.1')]).toEqual(['matched', 'written_off', 'fee']);
    const reason = rowsOf<{ reason: string; decided_by: string }>(await t.database.db.execute(sql`SELECT reason, decided_by FROM bank_statement_lines WHERE org_id = 'demo' AND ref = '2.1'`))[0];
    expect(reason).toEqual({ reason: 'Customer overpaid; refunded by hand', decided_by: 'e_sarah' });
    const again = await s.post(line('2.1'), { _csrf: csrf, action: 'not_ours' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('already written_off');
    const empty = await s.get('/finance/exceptions');
    expect(empty.text).toContain('No bank transactions are waiting for you.');
    const audit = rowsOf<{ via: string | null }>(await t.database.db.execute(sql`SELECT * FROM audit_log WHERE org_id = 'demo' AND action = 'reconciliation.write_off'`));
    expect(JSON.stringify(audit)).toContain('finance:');
  });
});

describe('finance pages: runs, reconciliation and budgets', () => {
  it('shows reconciliation status per company account, budget burn by department and the runs', async () => {
    const s = await financeSession(t, 'demo', 'e_sarah');
    const recon = await s.get('/finance/reconciliation');
    expect(recon.status).toBe(200);
    expect(recon.text).toContain(`data-account="${seed.accountId}"`);
    expect(recon.text).toMatch(/Matched: <strong>1<\/strong> · Open: <strong>0<\/strong>/);
    expect(recon.text).toContain('STMT-demo');
    expect(recon.text).not.toContain('121909876510601');
    const budgets = await s.get('/finance/budgets');
    expect(budgets.status).toBe(200);
    expect(budgets.text).toContain('data-department="d_sales"');
    expect(budgets.text).toContain('Available');
    const runs = await s.get('/finance/runs');
    expect(runs.status).toBe(200);
    expect(runs.text).toContain('No payment runs yet.');
    const created = await t.call('POST', '/api/v1/payment-runs', { actorId: 'e_sarah' });
    expect(created.status).toBe(201);
    expect((await s.get('/finance/runs')).text).toContain(`data-run="${created.body.run.id}"`);
  });
});

describe('finance pages: a payment the bank never booked', () => {
  it('gives it up through the form with a reason (CSRF-checked): its payable reopens, once', async () => {
    t.clock.advance(4 * 86_400_000);
    const s = await financeSession(t, 'demo', 'e_sarah');
    const page = await s.get('/finance/exceptions');
    const big = seed.payments.big;
    const action = `/finance/payments/${big}/reopen`;
    expect(page.text).toContain(`action="${action}"`);
    const csrf = csrfIn(page.text);
    expect((await s.post(action, { reason: 'never arrived' })).status).toBe(403);
    const noReason = await s.post(action, { _csrf: csrf, reason: ' ' });
    expect(noReason.status).toBe(422);
    expect((await getPayment(t.database.db, 'demo', big))?.status).toBe('submitted');
    const done = await s.post(action, { _csrf: csrf, reason: 'the bank confirmed it never left' });
    expect([done.status, done.location]).toEqual([303, '/finance/exceptions']);
    expect((await getPayment(t.database.db, 'demo', big))?.status).toBe('rejected');
    expect((await s.post(action, { _csrf: csrf, reason: 'again' })).status).toBe(409);
    expect((await s.get('/finance/exceptions')).text).not.toContain(`action="${action}"`);
  });
});
