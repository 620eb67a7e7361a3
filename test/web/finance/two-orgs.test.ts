// Organisations are walls on the finance pages: a session of one organisation sees only its own transactions,
// payments, accounts, runs and budgets on every page, and another organisation's ids in a form or path answer 404
// with nothing of either organisation changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../helpers/app.js';
import { csrfIn, financeSession, seedFinance, type FinanceSeed } from '../../helpers/finance.js';
import { addOrganisation, fingerprint, type OtherOrg } from '../../helpers/two-orgs.js';

let t: TestApp;
let acme: OtherOrg;
let demo: FinanceSeed;
let theirs: FinanceSeed;
beforeAll(async () => {
  t = await testApp();
  acme = await addOrganisation(t);
  demo = await seedFinance(t, t.call, 'demo', 'e_sarah', 'e_zhangwei', 'demo');
  theirs = await seedFinance(t, acme.call, acme.orgId, acme.finance, acme.employee, 'acme');
});
afterAll(() => t.close());

describe('finance pages between two organisations', () => {
  it('shows each organisation only its own rows on every page', async () => {
    const mine = await financeSession(t, acme.orgId, acme.finance);
    const demoMarks = [demo.statementId, demo.accountId, demo.payments.small, demo.payments.big, 'Customer demo', 'STMT-demo', 'd_sales'];
    for (const page of ['exceptions', 'runs', 'reconciliation', 'budgets']) {
      const r = await mine.get(`/finance/${page}`);
      expect(r.status, page).toBe(200);
      for (const m of demoMarks) expect(r.text, `${page} shows ${m}`).not.toContain(m);
    }
    expect((await mine.get('/finance/exceptions')).text).toContain(`data-line="${theirs.statementId}/2.1"`);
    expect((await mine.get('/finance/reconciliation')).text).toContain(`data-account="${theirs.accountId}"`);
    const ours = await financeSession(t, 'demo', 'e_sarah');
    const seen = (await ours.get('/finance/exceptions')).text;
    for (const m of [theirs.statementId, theirs.payments.small, 'Customer acme']) expect(seen).not.toContain(m);
  });

  it('answers 404 to another organisation’s transaction or payment in a path or form, and changes nothing', async () => {
    const before = { demo: await fingerprint(t.database.db, 'demo'), acme: await fingerprint(t.database.db, acme.orgId) };
    const mine = await financeSession(t, acme.orgId, acme.finance);
    const csrf = csrfIn((await mine.get('/finance/exceptions')).text);
    const afterOpen = await fingerprint(t.database.db, acme.orgId); // opening the link recorded it; nothing else
    const forms = [
      { action: 'match', paymentIds: [demo.payments.small] },
      { action: 'fee' },
      { action: 'write_off', reason: 'not mine to write off' },
      { action: 'not_ours' },
    ];
    for (const form of forms) {
      const r = await mine.post(`/finance/exceptions/${demo.statementId}/1.1`, { _csrf: csrf, ...form });
      expect(r.status, form.action).toBe(404);
      expect(r.text).toContain(`no bank transaction 1.1 in statement ${demo.statementId}`);
    }
    // Their own open debit of ¥128 matched to demo's ¥128 payment: demo's payment is nobody's here.
    const cross = await mine.post(`/finance/exceptions/${theirs.statementId}/1.1`, { _csrf: csrf, action: 'match', paymentIdsText: demo.payments.small });
    expect(cross.status).toBe(404);
    expect(cross.text).toContain(`no payment ${demo.payments.small}`);
    // Giving up demo's payment from their session: not found.
    const giveUp = await mine.post(`/finance/payments/${demo.payments.big}/reopen`, { _csrf: csrf, reason: 'never booked' });
    expect(giveUp.status).toBe(404);
    expect(await fingerprint(t.database.db, 'demo')).toEqual(before.demo);
    expect(await fingerprint(t.database.db, acme.orgId)).toEqual(afterOpen);
    expect((await mine.get('/finance/runs/anything')).status).toBe(404);
  });
});
