import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const newBudget = async (category: string, minor: number, allowOverrun = false) => {
  const r = await t.call('POST', '/api/v1/budgets', { departmentId: 'd_rd', category, periodKey: '2026-11', amount: { minor, currency: 'CNY' }, allowOverrun });
  expect(r.status).toBe(200);
  return r.body as { id: string };
};
const entry = (id: string, body: Record<string, unknown>) => t.call('POST', `/api/v1/budgets/${id}/entries`, body);

describe('budgets through the REST API', () => {
  it('shows availability per department, category and period', async () => {
    const r = await t.call('GET', '/api/v1/budgets?departmentId=d_sales');
    const travel = r.body.budgets.find((b: any) => b.category === 'travel');
    expect(travel.available).toEqual({ minor: 8_000_000, currency: 'CNY' });
    expect(travel.period.kind).toBe('month');
  });

  it('freezes, consumes and releases, and the ledger balances', async () => {
    const b = await newBudget('training', 100_000);
    expect((await entry(b.id, { kind: 'freeze', amountMinor: 60_000, ref: { type: 'request', id: 'r1' } })).body.budget.available.minor).toBe(40_000);
    expect((await entry(b.id, { kind: 'consume', amountMinor: 50_000, ref: { type: 'request', id: 'r1' } })).body.budget).toMatchObject({
      frozen: { minor: 10_000 },
      consumed: { minor: 50_000 },
    });
    expect((await entry(b.id, { kind: 'release', amountMinor: 10_000, ref: { type: 'request', id: 'r1' } })).body.budget.available.minor).toBe(50_000);
    const got = await t.call('GET', `/api/v1/budgets/${b.id}`);
    expect(got.body.balanced).toBe(true);
    expect(got.body.ledger.map((e: any) => e.kind)).toEqual(['freeze', 'consume', 'release']);
  });

  it('refuses a freeze beyond what is available with the figures', async () => {
    const b = await newBudget('books', 10_000);
    const r = await entry(b.id, { kind: 'freeze', amountMinor: 10_001, ref: { type: 'request', id: 'r2' } });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'BUDGET.EXCEEDED', details: { availableMinor: 10_000, requestedMinor: 10_001 } });
  });

  it('never releases more than the reference froze', async () => {
    const b = await newBudget('gifts', 10_000);
    await entry(b.id, { kind: 'freeze', amountMinor: 3_000, ref: { type: 'request', id: 'r3' } });
    const r = await entry(b.id, { kind: 'release', amountMinor: 3_001, ref: { type: 'request', id: 'r3' } });
    expect([r.status, r.body.error.code]).toEqual([422, 'BUDGET.INVALID_ENTRY']);
  });

  it('applies a retried entry once when it carries an idempotency key', async () => {
    const b = await newBudget('events', 10_000);
    const body = { kind: 'freeze', amountMinor: 4_000, ref: { type: 'request', id: 'r4' }, idempotencyKey: 'oa-freeze-r4' };
    const first = await entry(b.id, body);
    const again = await entry(b.id, body);
    expect(again.body).toMatchObject({ entryId: first.body.entryId, replayed: true });
    expect((await t.call('GET', `/api/v1/budgets/${b.id}`)).body.available.minor).toBe(6_000);
  });

  it('lets exactly 100 of 200 concurrent freezes through a budget that fits 100, and the ledger sums exactly', async () => {
    const b = await newBudget('contention', 100 * 1_000);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => entry(b.id, { kind: 'freeze', amountMinor: 1_000, ref: { type: 'request', id: `c${i}` } })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(100);
    expect(results.filter((r) => r.status === 409 && r.body.error.code === 'BUDGET.EXCEEDED')).toHaveLength(100);
    const got = await t.call('GET', `/api/v1/budgets/${b.id}`);
    expect(got.body).toMatchObject({ available: { minor: 0 }, frozen: { minor: 100_000 }, balanced: true });
    expect(got.body.ledger).toHaveLength(100);
  });

  it('lowering a budget below what is committed is refused; raising it is an audited adjustment', async () => {
    const b = await newBudget('software', 10_000);
    await entry(b.id, { kind: 'freeze', amountMinor: 8_000, ref: { type: 'request', id: 'r5' } });
    const cut = await t.call('POST', '/api/v1/budgets', { departmentId: 'd_rd', category: 'software', periodKey: '2026-11', amount: { minor: 5_000, currency: 'CNY' } });
    expect(cut.body.error.code).toBe('BUDGET.EXCEEDED');
    const raise = await t.call('POST', '/api/v1/budgets', { departmentId: 'd_rd', category: 'software', periodKey: '2026-11', amount: { minor: 20_000, currency: 'CNY' } });
    expect(raise.body.available.minor).toBe(12_000);
    expect((await t.call('GET', `/api/v1/budgets/${b.id}`)).body.balanced).toBe(true);
  });

  it('refuses an unknown department and an unsupported currency', async () => {
    const dep = await t.call('POST', '/api/v1/budgets', { departmentId: 'd_nowhere', category: 'x', periodKey: '2026-11', amount: { minor: 1, currency: 'CNY' } });
    expect([dep.status, dep.body.error.code]).toEqual([404, 'ORG.UNKNOWN_DEPARTMENT']);
    const cur = await t.call('POST', '/api/v1/budgets', { departmentId: 'd_rd', category: 'x', periodKey: '2026-11', amount: { minor: 1, currency: 'ABC' } });
    expect(cur.body.error.code).toBe('MONEY.UNSUPPORTED_CURRENCY');
  });

  it('refuses a bad period key', async () => {
    const r = await t.call('POST', '/api/v1/budgets', { departmentId: 'd_rd', category: 'x', periodKey: '2026-13', amount: { minor: 1, currency: 'CNY' } });
    expect(r.status).toBe(400);
  });
});
