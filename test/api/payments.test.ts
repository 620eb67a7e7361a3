// Payees, company accounts and payment runs through the REST API: masking, the hold after a change, the proposal with
// reasons, approval by finance (never the preparer, never a payee; two above the limit), ids fixed at approval, and
// the wall between organisations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.js';
import { openPayable } from '../helpers/payables.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { addOrganisation, type OtherOrg } from '../helpers/two-orgs.js';

let t: TestApp;
let acme: OtherOrg;
beforeAll(async () => {
  t = await testApp({ PAYMENT_RUN_DUAL_APPROVAL_MINOR: '1000000' });
  acme = await addOrganisation(t);
});
afterAll(() => t.close());

const ZHANGWEI_ACCOUNT = { holderName: '张伟', bankName: '招商银行上海分行', accountNumber: '6214 8312 3456 7896', cnaps: '308290003020' };
const payable = (orgId: string, employeeId: string, minor: number) => openPayable(t, orgId, employeeId, minor);
const HOUR = 3_600_000;

describe('payees', () => {
  it('an employee sets their own account: stored encrypted, shown and audited masked, told on chat, held for 24 h', async () => {
    const r = await t.call('PUT', '/api/v1/payees/employee/e_zhangwei', { actorId: 'e_zhangwei', account: ZHANGWEI_ACCOUNT });
    expect(r.status).toBe(200);
    expect(r.body.payee).toMatchObject({ holderName: '张伟', cnaps: '308290003020', currency: 'CNY', masked: { zh: '尾号7896', en: '****7896' }, source: 'employee' });
    expect(new Date(r.body.payee.holdUntil).getTime()).toBe(t.clock.now().getTime() + 24 * HOUR);
    expect(JSON.stringify(r.body)).not.toContain('6214831234567896');
    const stored = rowsOf<{ account_enc: string }>(await t.database.db.execute(sql`SELECT account_enc FROM payees WHERE org_id = 'demo' AND owner_id = 'e_zhangwei'`));
    expect(stored[0]!.account_enc).not.toContain('7896');
    const audit = rowsOf<{ after: unknown }>(await t.database.db.execute(sql`SELECT after FROM audit_log WHERE org_id = 'demo' AND action = 'payee.created'`));
    expect(JSON.stringify(audit)).toContain('尾号7896');
    expect(JSON.stringify(audit)).not.toContain('6214831234567896');
    const notice = rowsOf<{ payload: { event: string; employeeId: string } }>(await t.database.db.execute(sql`SELECT payload FROM outbox WHERE org_id = 'demo' AND topic = 'chat.notify' AND key LIKE 'notify:payee:%'`));
    expect(notice.map((n) => [n.payload.employeeId, n.payload.event])).toEqual([['e_zhangwei', 'payee_changed']]);
    // The same account again changes nothing.
    const again = await t.call('PUT', '/api/v1/payees/employee/e_zhangwei', { actorId: 'e_zhangwei', account: ZHANGWEI_ACCOUNT });
    expect(again.body.changed).toBe(false);
  });

  it('refuses a bad account with the field and reason, and someone else\'s account without the finance role', async () => {
    const noCnaps = await t.call('PUT', '/api/v1/payees/employee/e_lina', { actorId: 'e_lina', account: { holderName: '李娜', bankName: '工商银行', accountNumber: '6222020200112230' } });
    expect(noCnaps.status).toBe(422);
    expect(noCnaps.body.error).toMatchObject({ code: 'PAYEE.INVALID_ACCOUNT' });
    expect(noCnaps.body.error.message).toContain('cnaps');
    const badIban = await t.call('PUT', '/api/v1/payees/employee/e_david', { actorId: 'e_david', account: { holderName: 'David Miller', bankName: 'Barclays', iban: 'GB82 WEST 1234 5698 7654 33', bic: 'BARCGB22', currency: 'GBP' } });
    expect(badIban.status).toBe(422);
    expect(badIban.body.error.message).toContain('iban');
    const card = await t.call('PUT', '/api/v1/payees/employee/e_lina', { actorId: 'e_lina', account: { holderName: '李娜', bankName: '工商银行', accountNumber: '6222 0202 0011 2231', cnaps: '102100099996' } });
    expect(card.status).toBe(422); // a UnionPay card number with a wrong check digit
    const other = await t.call('PUT', '/api/v1/payees/employee/e_lina', { actorId: 'e_zhangwei', account: ZHANGWEI_ACCOUNT });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('AUTH.FORBIDDEN');
  });
});

describe('payment runs', () => {
  let runId: string;
  let zhangweiPayable: string;
  let linaPayable: string;

  it('proposes every open payable with the reason an item cannot be paid yet', async () => {
    expect((await t.call('POST', '/api/v1/debtor-accounts', { actorId: 'e_zhaomin', name: '基本户 CMB', account: { holderName: '星河科技有限公司', bankName: '招商银行上海分行', accountNumber: '121909876510601', cnaps: '308290003020' } })).status).toBe(201);
    zhangweiPayable = await payable('demo', 'e_zhangwei', 128_000);
    linaPayable = await payable('demo', 'e_lina', 56_000);
    const held = await t.call('POST', '/api/v1/payment-runs', { actorId: 'e_sarah' });
    expect(held.status).toBe(201);
    const reasons = Object.fromEntries(held.body.run.items.map((i: { payableId: string; state: string; reason?: { code: string } }) => [i.payableId, `${i.state}:${i.reason?.code ?? ''}`]));
    expect(reasons[zhangweiPayable]).toBe('held:PAYEE_ON_HOLD'); // the account was set less than 24 h ago
    expect(reasons[linaPayable]).toBe('held:NO_ACCOUNT');
    // A second run takes nothing the first one holds.
    expect((await t.call('POST', '/api/v1/payment-runs', { actorId: 'e_sarah' })).body.error.code).toBe('PAYMENT.NOTHING_TO_PAY');
    // Excluded items go back to the pool; after the cooling-off period the next run includes the payable.
    for (const p of [zhangweiPayable, linaPayable]) expect((await t.call('PUT', `/api/v1/payment-runs/${held.body.run.id}/items/${p}`, { actorId: 'e_sarah', state: 'excluded' })).status).toBe(200);
    t.clock.advance(25 * HOUR);
    const r = await t.call('POST', '/api/v1/payment-runs', { actorId: 'e_sarah' });
    expect(r.status).toBe(201);
    runId = r.body.run.id;
    expect(r.body.run.items.find((i: { payableId: string }) => i.payableId === zhangweiPayable)).toMatchObject({ state: 'included' });
    expect(r.body.run.totals).toEqual([{ currency: 'CNY', minor: 128_000, count: 1 }]);
    expect(r.body.run.held).toBe(1);
  });

  it('only finance prepares runs, and an employee cannot see them', async () => {
    expect((await t.call('POST', '/api/v1/payment-runs', { actorId: 'e_zhangwei' })).body.error.code).toBe('AUTH.FORBIDDEN');
    expect((await t.call('GET', `/api/v1/payment-runs/${runId}?actorId=e_zhangwei`)).status).toBe(403);
  });

  it('goes to finance for approval; the preparer cannot approve; approval fixes EndToEndIds and the MsgId and queues the file', async () => {
    const s = await t.call('POST', `/api/v1/payment-runs/${runId}/submit`, { actorId: 'e_sarah' });
    expect(s.status).toBe(200);
    expect(s.body.run.status).toBe('pending_approval');
    const approvalId = s.body.run.approvalId as string;
    // What finance's approval card shows comes from the request: count, totals by currency, the largest payees.
    const req = await t.call('GET', `/api/v1/requests/${s.body.run.requestId}`);
    expect(req.body.request).toMatchObject({ type: 'payment_run', number: expect.stringMatching(/^PR-\d{4}$/) });
    expect(req.body.request.details.run).toMatchObject({ count: 1, held: 1, byCurrency: [{ currency: 'CNY', minor: 128_000, count: 1 }], largest: [{ name: '张伟', minor: 128_000, currency: 'CNY' }] });
    expect((await t.call('PUT', `/api/v1/payment-runs/${runId}/items/${zhangweiPayable}`, { actorId: 'e_sarah', state: 'held' })).body.error.code).toBe('PAYMENT.RUN_NOT_DRAFT');
    const self = await t.call('POST', `/api/v1/approvals/${approvalId}/actions`, { actorId: 'e_sarah', action: 'approve' });
    expect(self.body.error.code).toBe('APPROVAL.SELF_APPROVAL');
    const ok = await t.call('POST', `/api/v1/approvals/${approvalId}/actions`, { actorId: 'e_zhaomin', action: 'approve' });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('approved');
    const detail = await t.call('GET', `/api/v1/payment-runs/${runId}?actorId=e_zhaomin`);
    expect(detail.body.run.status).toBe('released');
    expect(detail.body.payments).toHaveLength(1);
    const [p] = detail.body.payments;
    expect(p).toMatchObject({ payableId: zhangweiPayable, status: 'planned', amount: { minor: 128_000, currency: 'CNY' } });
    expect(p.endToEndId.length).toBeLessThanOrEqual(35);
    expect(p.endToEndId).toMatch(/^[A-Za-z0-9-]+$/);
    expect(detail.body.files).toEqual([expect.objectContaining({ msgId: p.msgId, currency: 'CNY', count: 1, totalMinor: 128_000, status: 'built' })]);
    const queued = rowsOf<{ key: string }>(await t.database.db.execute(sql`SELECT key FROM outbox WHERE org_id = 'demo' AND topic = 'bank.submit'`));
    expect(queued.map((q) => q.key)).toEqual([`bank.submit:demo:${p.msgId}`]);
    const statuses = rowsOf<{ id: string; status: string }>(await t.database.db.execute(sql`SELECT id, status FROM payables WHERE org_id = 'demo' AND id IN (${zhangweiPayable}, ${linaPayable}) ORDER BY id`));
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({ [zhangweiPayable]: 'paying', [linaPayable]: 'open' });
  });

  it('a payee in the run never approves it', async () => {
    await t.call('PUT', '/api/v1/payees/employee/e_zhaomin', { actorId: 'e_sarah', account: { ...ZHANGWEI_ACCOUNT, holderName: '赵敏', accountNumber: '6214831234561113' } });
    t.clock.advance(25 * HOUR);
    const p = await payable('demo', 'e_zhaomin', 9_900);
    const run = await t.call('POST', '/api/v1/payment-runs', { actorId: 'e_sarah' });
    for (const i of run.body.run.items as { payableId: string }[]) if (i.payableId !== p) await t.call('PUT', `/api/v1/payment-runs/${run.body.run.id}/items/${i.payableId}`, { actorId: 'e_sarah', state: 'excluded' });
    // The only finance person besides the preparer is paid in it: nobody may approve.
    const s = await t.call('POST', `/api/v1/payment-runs/${run.body.run.id}/submit`, { actorId: 'e_sarah' });
    expect(s.status).toBe(422);
    expect(s.body.error).toMatchObject({ code: 'APPROVAL.NO_APPROVER' });
    expect(s.body.error.details).toMatchObject({ reason: 'only_conflicted' });
  });
});

describe('two approvers above the limit, and the wall between organisations', () => {
  it('a run at or above PAYMENT_RUN_DUAL_APPROVAL_MINOR needs two of finance', async () => {
    const synced = await acme.call('POST', '/api/v1/org/sync', {
      departments: [{ id: 'd_acme', name: 'Acme HQ' }],
      employees: [
        { id: 'a_boss', name: 'Alice Boss', departmentId: 'd_acme', roles: ['employee', 'manager', 'admin'] },
        { id: 'a_emp', name: 'Bob Worker', departmentId: 'd_acme', managerId: 'a_boss' },
        { id: 'a_fin', name: 'Fiona Finance', departmentId: 'd_acme', managerId: 'a_boss', roles: ['employee', 'finance'] },
        { id: 'a_fin2', name: 'Frank Finance', departmentId: 'd_acme', managerId: 'a_boss', roles: ['employee', 'finance'] },
        { id: 'a_fin3', name: 'Fay Finance', departmentId: 'd_acme', managerId: 'a_boss', roles: ['employee', 'finance'] },
      ],
    });
    expect(synced.status).toBe(200);
    expect((await acme.call('PUT', '/api/v1/payees/employee/a_emp', { actorId: 'a_fin', account: { holderName: 'Bob Worker', bankName: '中国银行', accountNumber: '456712345678', cnaps: '104100000004' } })).status).toBe(200);
    expect((await acme.call('POST', '/api/v1/debtor-accounts', { actorId: 'a_fin', name: 'BOC', account: { holderName: 'Acme', bankName: '中国银行', accountNumber: '99887766554433', cnaps: '104100000004' } })).status).toBe(201);
    t.clock.advance(25 * HOUR);
    await payable(acme.orgId, 'a_emp', 2_000_000);
    const run = await acme.call('POST', '/api/v1/payment-runs', { actorId: 'a_fin' });
    expect(run.status).toBe(201);
    const s = await acme.call('POST', `/api/v1/payment-runs/${run.body.run.id}/submit`, { actorId: 'a_fin' });
    expect(s.status).toBe(200);
    const approvalId = s.body.run.approvalId as string;
    const one = await acme.call('POST', `/api/v1/approvals/${approvalId}/actions`, { actorId: 'a_fin2', action: 'approve' });
    expect(one.body.status).toBe('pending');
    expect((await acme.call('GET', `/api/v1/payment-runs/${run.body.run.id}?actorId=a_fin`)).body.run.status).toBe('pending_approval');
    const two = await acme.call('POST', `/api/v1/approvals/${approvalId}/actions`, { actorId: 'a_fin3', action: 'approve' });
    expect(two.body.status).toBe('approved');
    expect((await acme.call('GET', `/api/v1/payment-runs/${run.body.run.id}?actorId=a_fin`)).body.run.status).toBe('released');

    // The wall: each organisation's runs and payees are its own.
    const demoRuns = (await t.call('GET', '/api/v1/payment-runs?actorId=e_sarah')).body.runs as { id: string }[];
    expect(demoRuns.length).toBeGreaterThan(0);
    for (const r of demoRuns) {
      expect((await acme.call('GET', `/api/v1/payment-runs/${r.id}?actorId=a_fin`)).status).toBe(404);
      expect((await acme.call('POST', `/api/v1/payment-runs/${r.id}/submit`, { actorId: 'a_fin' })).status).toBe(404);
    }
    expect((await acme.call('PUT', `/api/v1/payment-runs/${demoRuns[0]!.id}/items/pay_x`, { actorId: 'a_fin', state: 'held' })).status).toBe(404);
    expect((await t.call('GET', `/api/v1/payment-runs/${run.body.run.id}?actorId=e_sarah`)).status).toBe(404);
    const acmePayees = (await acme.call('GET', '/api/v1/payees?actorId=a_fin')).body.payees as { owner: { id: string } }[];
    expect(acmePayees.map((p) => p.owner.id)).toEqual(['a_emp']);
    expect((await acme.call('PUT', '/api/v1/payees/employee/e_zhangwei', { actorId: 'a_fin', account: ZHANGWEI_ACCOUNT })).status).toBe(404);
    expect((await acme.call('GET', '/api/v1/debtor-accounts?actorId=a_fin')).body.accounts).toHaveLength(1);
  });
});

describe('payout accounts from the organisation sync', () => {
  it('sets a first account without a hold, holds and tells on a change, and refuses a bad account naming the employee', async () => {
    const account = { holderName: 'Bob Worker', bankName: '中国银行', accountNumber: '4567 1234 5678', cnaps: '104100000004' };
    const sync = (bankAccount: unknown) => acme.call('POST', '/api/v1/org/sync', { employees: [{ id: 'a_emp', name: 'Bob Worker', departmentId: 'd_acme', managerId: 'a_boss', bankAccount }] });
    // a_emp's account was set by finance in an earlier test: the sync's same account changes nothing, a new one is a change.
    const same = await sync(account);
    expect(same.status).toBe(200);
    expect(same.body.accounts).toBe(0);
    const changed = await sync({ ...account, accountNumber: '4567 1234 9999' });
    expect(changed.body.accounts).toBe(1);
    const [payee] = (await acme.call('GET', `/api/v1/payees?actorId=${acme.finance}&ownerId=a_emp`)).body.payees as { masked: { zh: string }; source: string; holdUntil?: string }[];
    expect(payee).toMatchObject({ masked: { zh: '尾号9999' }, source: 'sync' });
    expect(payee!.holdUntil).toBeDefined();
    const told = rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM outbox WHERE org_id = ${acme.orgId} AND topic = 'chat.notify' AND payload->>'event' = 'payee_changed' AND payload->>'employeeId' = 'a_emp'`));
    expect(told[0]!.n).toBeGreaterThanOrEqual(2);
    const bad = await sync({ ...account, iban: 'GB00WEST12345698765432', accountNumber: undefined });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toContain('employees[a_emp].bankAccount');
    // A first account from the sync is the organisation's own record: not held.
    const first = await acme.call('POST', '/api/v1/org/sync', { employees: [{ id: 'a_new', name: 'New Hire', departmentId: 'd_acme', managerId: 'a_boss', bankAccount: { holderName: 'New Hire', bankName: '中国银行', accountNumber: '4567 0000 1111', cnaps: '104100000004' } }] });
    expect(first.body.accounts).toBe(1);
    const [fresh] = (await acme.call('GET', `/api/v1/payees?actorId=${acme.finance}&ownerId=a_new`)).body.payees as { holdUntil?: string }[];
    expect(fresh!.holdUntil).toBeUndefined();
  });
});
