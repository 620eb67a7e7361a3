// A loopback travel supplier for tests and the demo: the deterministic catalogue of travel-catalogue.ts, signed-request
// checking, idempotent bookings, controls that move orders and send signed callbacks, and the monthly settlement
// statement (GET /v1/settlements?month=YYYY-MM) built from the orders it booked, with knobs to tamper with it.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SettlementLine, SupplierCallbackType, SupplierOrder, TripStatusUpdate } from '../../domain/travel/index.js';
import { catalogue, offerById } from './travel-catalogue.js';
import { signCallback, verifyRequestSignature, WINDOW_SECONDS } from '../../src/integrations/travel/supplier-signing.js';

/** Ways the fake's statement can differ from the truth, applied in the order they were added. */
export type SettlementTamper =
  /** A line for an order nobody booked. */
  | { kind: 'add_unknown'; supplierOrderRef: string; clientRef: string; minor: number; currency?: string; date: string }
  /** The order's ticket line billed at another amount. */
  | { kind: 'amount'; orderId: string; minor: number }
  /** The order's lines left out. */
  | { kind: 'drop'; orderId: string }
  /** The order's ticket line billed twice (same line id). */
  | { kind: 'duplicate'; orderId: string }
  /** The order's lines billed in another currency. */
  | { kind: 'currency'; orderId: string; currency: string }
  /** The order billed even if cancelled, not issued or paid personally. */
  | { kind: 'bill'; orderId: string };

export interface FakeSupplier {
  readonly url: string;
  readonly statusPushes: TripStatusUpdate[];
  readonly calls: { method: string; path: string; status: number }[];
  setCallbackUrl(url: string): void;
  orders(): SupplierOrder[];
  issue(orderId: string): Promise<number>;
  change(orderId: string, newAmountMinor: number): Promise<number>;
  refund(orderId: string, refundMinor: number): Promise<number>;
  complete(orderId: string): Promise<number>;
  completeTrip(tripRef: string): Promise<number[]>;
  /** Posts a raw callback (for bad-signature tests); returns the HTTP status. */
  sendRaw(body: string, headers: Record<string, string>): Promise<number>;
  /** The statement of 'YYYY-MM' as the fake would serve it now. */
  settlement(month: string): SettlementLine[];
  tamperSettlement(t: SettlementTamper): void;
  resetSettlement(): void;
  /** The next request is answered with this status. */
  failNext(status: number): void;
  close(): Promise<void>;
}

/** `now` is the fake's clock (tests pass the app's test clock so signatures agree on the time). */
export async function startFakeSupplier(o: { appKey: string; appSecret: string; callbackSecret: string; callbackUrl?: string; now?: () => number }): Promise<FakeSupplier> {
  const now = o.now ?? (() => Date.now());
  const orders = new Map<string, SupplierOrder>();
  const byRef = new Map<string, string>();
  const nonces = new Map<string, number>();
  const statusPushes: TripStatusUpdate[] = [];
  const calls: FakeSupplier['calls'] = [];
  let callbackUrl = o.callbackUrl;
  let failNext: number | undefined;
  let seq = 0;
  let tampers: SettlementTamper[] = [];

  /** The service day of an order: departure or check-in. */
  const serviceDate = (x: SupplierOrder) => (x.offer.departAt ?? x.offer.checkIn ?? x.updatedAt).slice(0, 10);
  /** Lines of one order: the ticket at the booked price, the change as a fee (or a credit when cheaper), refunds. */
  const linesOf = (x: SupplierOrder): SettlementLine[] => {
    const date = serviceDate(x);
    const base = { supplierOrderRef: x.orderId, clientRef: x.clientRef, date };
    const out: SettlementLine[] = [{ ...base, lineId: `${x.orderId}-T`, kind: 'ticket', amount: x.offer.price }];
    const diff = x.amount.minor - x.offer.price.minor;
    if (diff > 0) out.push({ ...base, lineId: `${x.orderId}-C`, kind: 'change_fee', amount: { minor: diff, currency: x.amount.currency } });
    if (diff < 0) out.push({ ...base, lineId: `${x.orderId}-D`, kind: 'refund', amount: { minor: -diff, currency: x.amount.currency } });
    if (x.refunded && x.refunded.minor > 0) out.push({ ...base, lineId: `${x.orderId}-R`, kind: 'refund', amount: x.refunded });
    return out;
  };
  /** What a real supplier bills the company account: issued (or later) company-paid orders used in the month. */
  function settlement(month: string): SettlementLine[] {
    const forced = new Set(tampers.flatMap((t) => (t.kind === 'bill' ? [t.orderId] : [])));
    let lines = [...orders.values()]
      .filter((x) => serviceDate(x).startsWith(`${month}-`) && (forced.has(x.orderId) || (x.payment === 'company' && x.status !== 'booked' && x.status !== 'cancelled')))
      .flatMap(linesOf);
    for (const t of tampers) {
      if (t.kind === 'add_unknown' && t.date.startsWith(`${month}-`)) lines.push({ lineId: `${t.supplierOrderRef}-T`, supplierOrderRef: t.supplierOrderRef, clientRef: t.clientRef, kind: 'ticket', amount: { minor: t.minor, currency: t.currency ?? 'CNY' }, date: t.date });
      if (t.kind === 'amount') lines = lines.map((l) => (l.supplierOrderRef === t.orderId && l.kind === 'ticket' ? { ...l, amount: { ...l.amount, minor: t.minor } } : l));
      if (t.kind === 'drop') lines = lines.filter((l) => l.supplierOrderRef !== t.orderId);
      if (t.kind === 'duplicate') lines = lines.flatMap((l) => (l.supplierOrderRef === t.orderId && l.kind === 'ticket' ? [l, l] : [l]));
      if (t.kind === 'currency') lines = lines.map((l) => (l.supplierOrderRef === t.orderId ? { ...l, amount: { ...l.amount, currency: t.currency } } : l));
    }
    return lines;
  }

  const send = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
    return status;
  };

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string): Promise<number> {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (failNext) {
      const s = failNext;
      failNext = undefined;
      return send(res, s, { code: 'INJECTED', message: 'injected failure' });
    }
    const head = (n: string) => String(req.headers[n] ?? '');
    const ts = Number(head('x-supplier-timestamp'));
    const nonce = head('x-supplier-nonce');
    if (head('x-supplier-key') !== o.appKey) return send(res, 401, { code: 'KEY_UNKNOWN', message: 'unknown app key' });
    if (!verifyRequestSignature(o.appSecret, { ts, nonce, method: req.method ?? 'GET', pathWithQuery: `${url.pathname}${url.search}`, body: raw, signature: head('x-supplier-signature') }, now()))
      return send(res, 401, { code: 'SIGNATURE_INVALID', message: 'bad signature or stale timestamp' });
    const nowS = now() / 1000;
    for (const [n, t] of nonces) if (nowS - t > WINDOW_SECONDS) nonces.delete(n);
    if (!nonce || nonces.has(nonce)) return send(res, 401, { code: 'NONCE_REUSED', message: 'nonce missing or already used' });
    nonces.set(nonce, nowS);
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    if (req.method === 'GET' && url.pathname === '/v1/settlements') {
      const month = url.searchParams.get('month') ?? '';
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return send(res, 400, { code: 'MONTH_INVALID', message: 'month must be YYYY-MM' });
      return send(res, 200, { month, lines: settlement(month) });
    }
    const m = url.pathname.match(/^\/v1\/(offers|orders|trips)(?:\/([^/]+))?(?:\/(cancel|status))?$/);
    if (req.method === 'GET' && m?.[1] === 'offers') return send(res, 200, { offers: catalogue(Object.fromEntries(url.searchParams)) });
    if (req.method === 'POST' && m?.[1] === 'orders' && !m[2]) {
      const clientRef = String(body.clientRef ?? '');
      const prior = byRef.get(clientRef);
      if (prior) return send(res, 200, { order: orders.get(prior) });
      const offer = offerById(String(body.offerId ?? ''));
      if (!offer) return send(res, 409, { code: 'OFFER_UNAVAILABLE', message: `offer ${String(body.offerId)} is not available` });
      const order: SupplierOrder = { orderId: `SO${String(++seq).padStart(6, '0')}`, clientRef, tripRef: String(body.tripRef), kind: offer.kind, status: 'booked', offer, amount: offer.price, payment: body.payment === 'personal' ? 'personal' : 'company', updatedAt: new Date().toISOString() };
      orders.set(order.orderId, order);
      byRef.set(clientRef, order.orderId);
      return send(res, 200, { order });
    }
    if (m?.[1] === 'orders' && m[2]) {
      const order = orders.get(decodeURIComponent(m[2]));
      if (!order) return send(res, 404, { code: 'ORDER_NOT_FOUND', message: `no order ${m[2]}` });
      if (req.method === 'GET') return send(res, 200, { order });
      if (m[3] === 'cancel') {
        const next = order.status === 'completed' ? order : { ...order, status: 'cancelled' as const, updatedAt: new Date().toISOString() };
        orders.set(order.orderId, next);
        return send(res, 200, { order: next });
      }
    }
    if (req.method === 'POST' && m?.[1] === 'trips' && m[3] === 'status') {
      statusPushes.push({ tripRef: decodeURIComponent(m[2]!), status: body.status as TripStatusUpdate['status'], at: String(body.at) });
      return send(res, 204);
    }
    return send(res, 404, { code: 'NOT_FOUND', message: `no route ${req.method} ${url.pathname}` });
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks).toString('utf8'))
        .then((status) => calls.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0]!, status }))
        .catch((e: Error) => send(res, 500, { code: 'FAKE_ERROR', message: e.message }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function postCallback(type: SupplierCallbackType, order: SupplierOrder): Promise<number> {
    if (!callbackUrl) throw new Error('the fake supplier has no callback URL');
    const body = JSON.stringify({ eventId: `ev_${randomBytes(6).toString('hex')}`, type, order, at: new Date().toISOString() });
    const ts = Math.floor(now() / 1000);
    const res = await fetch(callbackUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-supplier-timestamp': String(ts), 'x-supplier-signature': signCallback(o.callbackSecret, ts, body) }, body });
    await res.body?.cancel();
    return res.status;
  }
  const move = (orderId: string, type: SupplierCallbackType, change: (x: SupplierOrder) => SupplierOrder) => {
    const order = orders.get(orderId);
    if (!order) throw new Error(`no order ${orderId}`);
    const next = { ...change(order), updatedAt: new Date().toISOString() };
    orders.set(orderId, next);
    return postCallback(type, next);
  };

  return {
    url,
    statusPushes,
    calls,
    setCallbackUrl: (u) => (callbackUrl = u),
    orders: () => [...orders.values()],
    issue: (id) => move(id, 'order.issued', (x) => ({ ...x, status: 'issued' })),
    change: (id, minor) => move(id, 'order.changed', (x) => ({ ...x, status: 'changed', amount: { minor, currency: x.amount.currency } })),
    refund: (id, minor) => move(id, 'order.refunded', (x) => ({ ...x, status: 'refunded', refunded: { minor: (x.refunded?.minor ?? 0) + minor, currency: x.amount.currency } })),
    complete: (id) => move(id, 'order.completed', (x) => ({ ...x, status: 'completed' })),
    completeTrip: async (tripRef) => {
      const out: number[] = [];
      for (const order of orders.values()) if (order.tripRef === tripRef && order.status !== 'cancelled') out.push(await move(order.orderId, 'order.completed', (x) => ({ ...x, status: 'completed' })));
      return out;
    },
    async sendRaw(body, headers) {
      if (!callbackUrl) throw new Error('the fake supplier has no callback URL');
      const res = await fetch(callbackUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      await res.body?.cancel();
      return res.status;
    },
    settlement,
    tamperSettlement: (t) => void tampers.push(t),
    resetSettlement: () => void (tampers = []),
    failNext: (s) => (failNext = s),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
