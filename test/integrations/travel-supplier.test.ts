// The HTTP supplier adapter against the loopback fake (real signing both ways), and our callback endpoint's checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SupplierRefusal } from '../../domain/travel/index.js';
import { createHttpSupplier } from '../../src/integrations/travel/http-supplier.js';
import { signCallback, signRequest, verifyCallback, verifyRequestSignature } from '../../src/integrations/travel/supplier-signing.js';
import { startFakeSupplier, type FakeSupplier } from '../fakes/travel-supplier.js';
import { testApp, type TestApp } from '../helpers/app.js';

let fake: FakeSupplier;
beforeAll(async () => {
  fake = await startFakeSupplier({ appKey: 'k', appSecret: 's', callbackSecret: 'cb' });
});
afterAll(() => fake.close());

describe('signing', () => {
  it('signs requests over time, nonce, method, path and body hash, and refuses stale or altered ones', () => {
    const r = { ts: 1_800_000_000, nonce: 'n1', method: 'POST', pathWithQuery: '/v1/orders', body: '{"a":1}' };
    const signature = signRequest('s', r);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyRequestSignature('s', { ...r, signature }, 1_800_000_000_000)).toBe(true);
    expect(verifyRequestSignature('s', { ...r, body: '{"a":2}', signature }, 1_800_000_000_000)).toBe(false);
    expect(verifyRequestSignature('s', { ...r, signature }, 1_800_000_400_000)).toBe(false);
  });
  it('verifies a callback before parsing it', () => {
    const body = '{"eventId":"e1"}';
    const ok = verifyCallback('cb', { 'x-supplier-timestamp': '1800000000', 'x-supplier-signature': signCallback('cb', 1_800_000_000, body) }, body, 1_800_000_010_000);
    expect(ok).toMatchObject({ ok: false, code: 'BODY_INVALID', status: 400 }); // signed, but not a callback
    expect(verifyCallback('cb', { 'x-supplier-timestamp': '1800000000', 'x-supplier-signature': signCallback('other', 1_800_000_000, body) }, body, 1_800_000_010_000)).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID', status: 401 });
    expect(verifyCallback('cb', {}, body, 0)).toMatchObject({ ok: false, code: 'SIGNATURE_MISSING' });
  });
});

describe('the HTTP adapter against the fake supplier', () => {
  // Generous: a busy machine must not turn a slow answer from the fake into a supplier failure.
  const supplier = () => createHttpSupplier({ baseUrl: fake.url, appKey: 'k', appSecret: 's', timeoutMs: 30_000 });

  it('searches a deterministic catalogue, books idempotently, fetches and cancels', async () => {
    const offers = await supplier().search({ kind: 'train', origin: 'Beijing', destination: '上海', date: '2026-12-01' });
    expect(offers.length).toBeGreaterThan(0);
    expect(offers).toEqual(await supplier().search({ kind: 'train', origin: '北京', destination: '上海', date: '2026-12-01' }));
    expect(offers.every((o) => o.price.currency === 'CNY' && Number.isInteger(o.price.minor))).toBe(true);
    const req = { clientRef: 'trip1:outbound', offerId: offers[0]!.offerId, tripRef: 'trip1', traveller: { employeeId: 'e1', name: '张伟' }, payment: 'company' as const };
    const a = await supplier().book(req);
    const b = await supplier().book(req);
    expect(b.orderId).toBe(a.orderId);
    expect((await supplier().fetchOrder(a.orderId)).status).toBe('booked');
    expect((await supplier().cancel(a.orderId, 'c1')).status).toBe('cancelled');
    await supplier().pushTripStatus({ tripRef: 'trip1', status: 'cancelled', at: new Date().toISOString() });
    expect(fake.statusPushes.at(-1)).toMatchObject({ tripRef: 'trip1', status: 'cancelled' });
  });

  it('turns a stated refusal into SupplierRefusal and a 5xx or a wrong secret into errors', async () => {
    await expect(supplier().fetchOrder('SO999999')).rejects.toMatchObject({ name: 'SupplierRefusal', code: 'ORDER_NOT_FOUND', status: 404 });
    await expect(supplier().book({ clientRef: 'x', offerId: 'nope', tripRef: 't', traveller: { employeeId: 'e', name: 'n' }, payment: 'company' })).rejects.toBeInstanceOf(SupplierRefusal);
    fake.failNext(503);
    await expect(supplier().search({ kind: 'hotel', city: '上海', checkIn: '2026-12-01', checkOut: '2026-12-02' })).rejects.toThrow(/HTTP 503/);
    const forged = createHttpSupplier({ baseUrl: fake.url, appKey: 'k', appSecret: 'wrong' });
    await expect(forged.search({ kind: 'hotel', city: '上海', checkIn: '2026-12-01', checkOut: '2026-12-02' })).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
  });

  it('rejects a malformed answer, naming the field', async () => {
    const broken = createHttpSupplier({ baseUrl: 'http://127.0.0.1:1', appKey: 'k', appSecret: 's', fetch: async () => new Response(JSON.stringify({ offers: [{ offerId: 'x', kind: 'boat' }] }), { status: 200 }) });
    await expect(broken.search({ kind: 'train', origin: 'a', destination: 'b', date: '2026-12-01' })).rejects.toThrow(/offers\.0\.kind/);
  });
});

describe('POST /supplier/callbacks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ TRAVEL_SUPPLIER_URL: fake.url, TRAVEL_SUPPLIER_KEY: 'k', TRAVEL_SUPPLIER_SECRET: 's', TRAVEL_SUPPLIER_CALLBACK_SECRET: 'cb' });
  });
  afterAll(() => t.close());
  const post = (body: string, headers: Record<string, string>) => t.app.request('/supplier/callbacks', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const ts = () => String(Math.floor(t.clock.now().getTime() / 1000));

  it('refuses a bad signature (401) and an unknown order (404), and changes nothing', async () => {
    const order = { orderId: 'SO-unknown', clientRef: 'x:outbound', tripRef: 'x', kind: 'train', status: 'completed', offer: { offerId: 'o', kind: 'train', description: 'G1', price: { minor: 100, currency: 'CNY' } }, amount: { minor: 100, currency: 'CNY' }, payment: 'company', updatedAt: '2026-11-18T00:00:00Z' };
    const body = JSON.stringify({ eventId: 'ev1', type: 'order.completed', order, at: '2026-11-18T00:00:00Z' });
    const forged = await post(body, { 'x-supplier-timestamp': ts(), 'x-supplier-signature': signCallback('not-the-secret', Number(ts()), body) });
    expect(forged.status).toBe(401);
    const stale = await post(body, { 'x-supplier-timestamp': String(Number(ts()) - 3600), 'x-supplier-signature': signCallback('cb', Number(ts()) - 3600, body) });
    expect(stale.status).toBe(401);
    const unknown = await post(body, { 'x-supplier-timestamp': ts(), 'x-supplier-signature': signCallback('cb', Number(ts()), body) });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('SUPPLIER.UNKNOWN_ORDER');
    const garbage = '{"eventId":';
    expect((await post(garbage, { 'x-supplier-timestamp': ts(), 'x-supplier-signature': signCallback('cb', Number(ts()), garbage) })).status).toBe(400);
  });
});
