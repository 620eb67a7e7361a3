// REST for supplier settlement: finance imports a month's statement from the loopback supplier (over signed HTTP),
// reads it back with lines and exceptions, and the payable it made goes into the next payment run to the supplier.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookedTrip } from '../helpers/settlement.js';
import { travelWorld, type TravelWorld } from '../helpers/travel.js';

let w: TravelWorld;
let total = 0;
beforeAll(async () => {
  w = await travelWorld();
  const { orders } = await bookedTrip(w, '2026-11-24', '2026-11-26');
  total = orders.reduce((s, o) => s + o.amount.minor, 0);
  w.t.clock.set('2026-11-28T02:00:00.000Z');
});
afterAll(() => w.close());

describe('POST/GET /api/v1/supplier-settlements', () => {
  it('imports and settles a month (201), answers the same import with the same statement (200), lists and shows it, and the payable is paid to the supplier in the next run', async () => {
    const created = await w.t.call('POST', '/api/v1/supplier-settlements', { actorId: 'e_sarah', month: '2026-11' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.statement).toMatchObject({ supplier: 'travel-supplier', month: '2026-11', status: 'settled', lineCount: 3, exceptionCount: 0, matched: [{ minor: total, currency: 'CNY' }] });
    const id = created.body.statement.id as string;

    const again = await w.t.call('POST', '/api/v1/supplier-settlements', { actorId: 'e_sarah', month: '2026-11' });
    expect(again.status).toBe(200);
    expect(again.body.statement.id).toBe(id);

    const list = await w.t.call('GET', '/api/v1/supplier-settlements?actorId=e_sarah');
    expect(list.status).toBe(200);
    expect(list.body.statements.map((s: { id: string }) => s.id)).toContain(id);
    const detail = await w.t.call('GET', `/api/v1/supplier-settlements/${id}?actorId=e_sarah`);
    expect(detail.status).toBe(200);
    expect(detail.body.statement.lines).toHaveLength(3);
    expect(detail.body.statement.lines.every((l: { status: string; kind: string }) => l.status === 'matched' && l.kind === 'ticket')).toBe(true);
    expect(detail.body.statement.exceptions).toEqual([]);

    // The supplier's account, a company account, and a run: the settlement payable is in it, to the supplier.
    expect((await w.t.call('PUT', '/api/v1/payees/supplier/travel-supplier', { actorId: 'e_sarah', account: { holderName: '携程商旅 Travel Supplier', bankName: '招商银行上海分行', accountNumber: '121909876510602', cnaps: '308290003020' } })).status).toBe(200);
    expect((await w.t.call('POST', '/api/v1/debtor-accounts', { actorId: 'e_sarah', name: 'CMB', account: { holderName: 'Galaxy', bankName: 'CMB', accountNumber: '121909876510601', cnaps: '308290003020' } })).status).toBe(201);
    const run = await w.t.call('POST', '/api/v1/payment-runs', { actorId: 'e_sarah' });
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    const item = run.body.run.items.find((i: { payableId: string }) => i.payableId === created.body.statement.payableIds[0]);
    expect(item).toMatchObject({ owner: { type: 'supplier', id: 'travel-supplier' }, amount: { minor: total, currency: 'CNY' } });
  });

  it('shows the exceptions with their reasons', async () => {
    w.supplier.tamperSettlement({ kind: 'add_unknown', supplierOrderRef: 'SO-GHOST', clientRef: 'ghost:out', minor: 42_000, date: '2026-10-15' });
    const r = await w.t.call('POST', '/api/v1/supplier-settlements', { actorId: 'e_sarah', month: '2026-10' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.statement).toMatchObject({ status: 'open', exceptionCount: 1, payableIds: [], matched: [], billed: [{ minor: 42_000, currency: 'CNY' }] });
    const detail = await w.t.call('GET', `/api/v1/supplier-settlements/${r.body.statement.id}?actorId=e_sarah`);
    expect(detail.body.statement.exceptions).toEqual([{ kind: 'unknown_order', lineNos: [1], supplierOrderRef: 'SO-GHOST', billed: { minor: 42_000, currency: 'CNY' }, reason: { zh: '订单 SO-GHOST 不是我们预订的订单', en: 'order SO-GHOST is not an order we booked' } }]);
  });

  it('answers 502 SUPPLIER.UNAVAILABLE when the supplier fails', async () => {
    w.supplier.failNext(500);
    const r = await w.t.call('POST', '/api/v1/supplier-settlements', { actorId: 'e_sarah', month: '2026-09' });
    expect(r.status).toBe(502);
    expect(r.body.error.code).toBe('SUPPLIER.UNAVAILABLE');
    expect((await w.t.call('GET', '/api/v1/supplier-settlements?actorId=e_sarah')).body.statements.map((s: { month: string }) => s.month)).not.toContain('2026-09');
  });

  it('is for finance only, and refuses a malformed month and an unknown statement, without calling the supplier', async () => {
    const calls = w.supplier.calls.length;
    const employee = await w.t.call('POST', '/api/v1/supplier-settlements', { actorId: 'e_zhangwei', month: '2026-08' });
    expect(employee.status).toBe(403);
    expect(employee.body.error.code).toBe('AUTH.FORBIDDEN');
    expect((await w.t.call('GET', '/api/v1/supplier-settlements?actorId=e_zhangwei')).status).toBe(403);
    const readOnly = await w.t.keyWith(['finance:read', 'act-as']);
    const res = await w.t.app.request('/api/v1/supplier-settlements', { method: 'POST', headers: { authorization: `Bearer ${readOnly}`, 'content-type': 'application/json' }, body: JSON.stringify({ actorId: 'e_sarah', month: '2026-08' }) });
    expect(res.status).toBe(403);
    const bad = await w.t.call('POST', '/api/v1/supplier-settlements', { actorId: 'e_sarah', month: '2026-8' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('REQUEST.INVALID');
    const future = await w.t.call('POST', '/api/v1/supplier-settlements', { actorId: 'e_sarah', month: '2027-01' });
    expect(future.status).toBe(400);
    expect(future.body.error.code).toBe('VALIDATION.INVALID');
    const missing = await w.t.call('GET', '/api/v1/supplier-settlements/sst_nope?actorId=e_sarah');
    expect(missing.status).toBe(404);
    expect(w.supplier.calls.length).toBe(calls);
  });
});
