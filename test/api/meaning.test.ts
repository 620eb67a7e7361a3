// Requests mean what they say: real dates, sane amounts, text a database can hold, bounded nesting, and idempotency
// keys that stand for one request only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.js';
import { expense, testApp, type TestApp } from '../helpers/app.js';

describe('requests mean what they say', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());

  const requestCount = async () => Number(rowsOf<{ n: string | number }>(await t.database.db.execute(sql`SELECT count(*) AS n FROM requests WHERE org_id = 'demo'`))[0]!.n);

  it.each(['2026-02-30', '2099-99-99', 'not-a-date', '2025-02-29'])('refuses an expense dated %s with 422 naming the field, and saves nothing', async (date) => {
    const before = await requestCount();
    const r = await t.call('POST', '/api/v1/requests', expense({ details: { date, hasInvoice: true } }));
    expect([r.status, r.body.error.code, r.body.error.details.field]).toEqual([422, 'VALIDATION.INVALID_DATE', 'details.date']);
    expect(await requestCount()).toBe(before);
  });

  it('accepts a leap day that exists and refuses a trip whose return is not a date', async () => {
    expect((await t.call('POST', '/api/v1/requests', expense({ details: { date: '2024-02-29', hasInvoice: true } }))).status).toBe(201);
    const trip = await t.call('POST', '/api/v1/requests', { type: 'trip', submitterId: 'e_zhangwei', title: 'trip', details: { trip: { destination: '上海', departDate: '2026-12-10', returnDate: '2026-12-32' } } });
    expect([trip.status, trip.body.error.details.field]).toEqual([422, 'details.trip.returnDate']);
  });

  it('refuses ¥90 trillion (2^53−1 fen) with 422 MONEY.TOO_LARGE, and takes ¥100 million', async () => {
    const huge = await t.call('POST', '/api/v1/requests', expense({ amount: { minor: Number.MAX_SAFE_INTEGER, currency: 'CNY' } }));
    expect([huge.status, huge.body.error.code, huge.body.error.details.field]).toEqual([422, 'MONEY.TOO_LARGE', 'amount']);
    const line = await t.call('POST', '/api/v1/expense-lines', { employeeId: 'e_zhangwei', category: 'transport', amount: { minor: 10_000_000_001, currency: 'CNY' }, date: '2026-11-17' });
    expect([line.status, line.body.error.code]).toEqual([422, 'MONEY.TOO_LARGE']);
    const big = await t.call('POST', '/api/v1/expense-lines', { employeeId: 'e_zhangwei', category: 'transport', amount: { minor: 10_000_000_000, currency: 'CNY' }, date: '2026-11-17' });
    expect(big.status).toBe(201);
  });

  it('honours MAX_AMOUNT_MINOR per currency', async () => {
    const small = await testApp({ MAX_AMOUNT_MINOR: 'CNY=100000,*=5000' });
    try {
      expect((await small.call('POST', '/api/v1/requests', expense({ amount: { minor: 100_001, currency: 'CNY' } }))).status).toBe(422);
      expect((await small.call('POST', '/api/v1/requests', expense({ amount: { minor: 100_000, currency: 'CNY' } }))).status).toBe(201);
      expect((await small.call('POST', '/api/v1/requests', expense({ amount: { minor: 5001, currency: 'USD' } }))).body.error.code).toBe('MONEY.TOO_LARGE');
    } finally {
      await small.close();
    }
  });

  it.each([
    ['a NUL character', '{"type":"expense","submitterId":"e_zhangwei","title":"taxi\\u0000","amount":{"minor":100,"currency":"CNY"},"category":"transport"}', 'REQUEST.INVALID_TEXT'],
    ['a lone surrogate', '{"type":"expense","submitterId":"e_zhangwei","title":"taxi \\ud800 ride","amount":{"minor":100,"currency":"CNY"},"category":"transport"}', 'REQUEST.INVALID_TEXT'],
    ['a lone surrogate in a key', '{"type":"expense","submitterId":"e_zhangwei","title":"t","details":{"\\udc00":1},"amount":{"minor":100,"currency":"CNY"},"category":"transport"}', 'REQUEST.INVALID_TEXT'],
    ['JSON nested 10,000 deep', `{"type":"expense","details":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, 'REQUEST.TOO_DEEP'],
  ])('refuses %s with 400 and saves nothing', async (_what, raw, code) => {
    const before = await requestCount();
    const r = await t.call('POST', '/api/v1/requests', raw);
    expect([r.status, r.body.error.code]).toEqual([400, code]);
    expect(await requestCount()).toBe(before);
  });

  it('keeps a pair of surrogates (an emoji) and a NUL-free query', async () => {
    expect((await t.call('POST', '/api/v1/requests', expense({ title: '打车 🚕' }))).status).toBe(201);
    const q = await t.call('GET', '/api/v1/requests?submitterId=e_zhangwei%00');
    expect([q.status, q.body.error.code]).toEqual([400, 'REQUEST.INVALID_TEXT']);
  });

  it('honours Idempotency-Key on POST /requests: one request, and the replay says so', async () => {
    const before = await requestCount();
    const key = { 'idempotency-key': 'submit-once-1' };
    const first = await t.call('POST', '/api/v1/requests', expense({ title: 'once' }), key);
    const again = await t.call('POST', '/api/v1/requests', expense({ title: 'once' }), key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.request.id).toBe(first.body.request.id);
    expect([first.body.replayed, again.body.replayed]).toEqual([false, true]);
    expect(await requestCount()).toBe(before + 1);
  });

  it('refuses an Idempotency-Key reused with a different body with 422 IDEMPOTENCY.MISMATCH', async () => {
    const key = { 'idempotency-key': 'submit-once-2' };
    expect((await t.call('POST', '/api/v1/requests', expense({ title: 'first' }), key)).status).toBe(201);
    const other = await t.call('POST', '/api/v1/requests', expense({ title: 'second' }), key);
    expect([other.status, other.body.error.code]).toEqual([422, 'IDEMPOTENCY.MISMATCH']);
  });

  it('refuses a clientRef reused with a different body, and replays the same one', async () => {
    const first = await t.call('POST', '/api/v1/requests', expense({ clientRef: 'oa-77', title: 'A' }));
    const same = await t.call('POST', '/api/v1/requests', expense({ clientRef: 'oa-77', title: 'A' }));
    const other = await t.call('POST', '/api/v1/requests', expense({ clientRef: 'oa-77', title: 'B' }));
    expect(same.body.request.id).toBe(first.body.request.id);
    expect(same.body.replayed).toBe(true);
    expect([other.status, other.body.error.code]).toEqual([422, 'IDEMPOTENCY.MISMATCH']);
  });

  it("refuses a reject sent with an approve's key instead of answering 'approved'", async () => {
    const s = await t.call('POST', '/api/v1/requests', expense({ title: 'to approve' }));
    const key = { 'idempotency-key': `act-${s.body.approvalId}` };
    const approve = await t.call('POST', `/api/v1/approvals/${s.body.approvalId}/actions`, { actorId: 'e_wangqiang', action: 'approve' }, key);
    expect(approve.status).toBe(200);
    const reject = await t.call('POST', `/api/v1/approvals/${s.body.approvalId}/actions`, { actorId: 'e_wangqiang', action: 'reject', comment: 'no' }, key);
    expect([reject.status, reject.body.error.code]).toEqual([422, 'IDEMPOTENCY.MISMATCH']);
    const retry = await t.call('POST', `/api/v1/approvals/${s.body.approvalId}/actions`, { actorId: 'e_wangqiang', action: 'approve' }, key);
    expect([retry.status, retry.body.replayed]).toEqual([200, true]);
  });
});
