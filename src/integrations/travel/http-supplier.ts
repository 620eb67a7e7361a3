// The HTTP/JSON travel-supplier adapter: every request signed (see supplier-signing.ts), every answer checked with zod.
// A 4xx with a code is the supplier's refusal (SupplierRefusal, not retried); 5xx, timeouts and malformed answers are
// errors the outbox retries (booking is idempotent by clientRef).
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { SupplierRefusal, type BookingRequest, type Offer, type OfferQuery, type SupplierOrder, type SupplierStatement, type TravelSupplier, type TripStatusUpdate } from '../../../domain/travel/index.js';
import { ErrorReply, OffersReply, OrderReply, SettlementReply } from './supplier-schemas.js';
import { signRequest } from './supplier-signing.js';

export interface HttpSupplierOptions {
  baseUrl: string;
  appKey: string;
  appSecret: string;
  timeoutMs?: number;
  now?: () => Date;
  fetch?: typeof fetch;
}

export function createHttpSupplier(o: HttpSupplierOptions): TravelSupplier {
  const base = o.baseUrl.replace(/\/+$/, '');
  const doFetch = o.fetch ?? fetch;
  const now = o.now ?? (() => new Date());

  async function call<S extends z.ZodType>(method: 'GET' | 'POST', pathWithQuery: string, body: unknown, schema: S | undefined): Promise<z.output<S> | undefined> {
    const text = body === undefined ? '' : JSON.stringify(body);
    const ts = Math.floor(now().getTime() / 1000);
    const nonce = randomBytes(12).toString('hex');
    const res = await doFetch(`${base}${pathWithQuery}`, {
      method,
      headers: {
        'x-supplier-key': o.appKey,
        'x-supplier-timestamp': String(ts),
        'x-supplier-nonce': nonce,
        'x-supplier-signature': signRequest(o.appSecret, { ts, nonce, method, pathWithQuery, body: text }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: text }),
      signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
    });
    const raw = await res.text();
    if (res.status >= 400 && res.status < 500) {
      const e = ErrorReply.safeParse(safeJson(raw));
      throw new SupplierRefusal(e.success ? e.data.code : `HTTP_${res.status}`, e.success ? (e.data.message ?? e.data.code) : raw.slice(0, 200), res.status);
    }
    if (!res.ok) throw new Error(`supplier answered HTTP ${res.status} to ${method} ${pathWithQuery.split('?')[0]}`);
    if (!schema) return undefined;
    const parsed = schema.safeParse(safeJson(raw));
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      throw new Error(`supplier answer to ${method} ${pathWithQuery.split('?')[0]} is malformed at ${i.path.join('.') || '(body)'}: ${i.message}`);
    }
    return parsed.data;
  }

  return {
    async search(q: OfferQuery): Promise<Offer[]> {
      const params = new URLSearchParams(q.kind === 'hotel' ? { kind: q.kind, city: q.city, checkIn: q.checkIn, checkOut: q.checkOut } : { kind: q.kind, origin: q.origin, destination: q.destination, date: q.date });
      return ((await call('GET', `/v1/offers?${params}`, undefined, OffersReply))!.offers) as Offer[];
    },
    async book(r: BookingRequest): Promise<SupplierOrder> {
      return (await call('POST', '/v1/orders', r, OrderReply))!.order as SupplierOrder;
    },
    async cancel(orderId: string, clientRef: string): Promise<SupplierOrder> {
      return (await call('POST', `/v1/orders/${encodeURIComponent(orderId)}/cancel`, { clientRef }, OrderReply))!.order as SupplierOrder;
    },
    async fetchOrder(orderId: string): Promise<SupplierOrder> {
      return (await call('GET', `/v1/orders/${encodeURIComponent(orderId)}`, undefined, OrderReply))!.order as SupplierOrder;
    },
    async pushTripStatus(u: TripStatusUpdate): Promise<void> {
      await call('POST', `/v1/trips/${encodeURIComponent(u.tripRef)}/status`, { status: u.status, at: u.at }, undefined);
    },
    async fetchSettlement(month: string): Promise<SupplierStatement> {
      const statement = (await call('GET', `/v1/settlements?${new URLSearchParams({ month })}`, undefined, SettlementReply))!;
      if (statement.month !== month) throw new Error(`supplier answered the ${statement.month} statement when asked for ${month}`);
      return statement;
    },
  };
}

/** The supplier adapter the configuration names (TRAVEL_SUPPLIER_URL, _KEY, _SECRET), or undefined without one. */
export function supplierFromConfig(c: { TRAVEL_SUPPLIER_URL?: string | undefined; TRAVEL_SUPPLIER_KEY?: string | undefined; TRAVEL_SUPPLIER_SECRET?: string | undefined; TRAVEL_SUPPLIER_TIMEOUT_MS: number }, now: () => Date): TravelSupplier | undefined {
  if (!c.TRAVEL_SUPPLIER_URL || !c.TRAVEL_SUPPLIER_KEY || !c.TRAVEL_SUPPLIER_SECRET) return undefined;
  return createHttpSupplier({ baseUrl: c.TRAVEL_SUPPLIER_URL, appKey: c.TRAVEL_SUPPLIER_KEY, appSecret: c.TRAVEL_SUPPLIER_SECRET, timeoutMs: c.TRAVEL_SUPPLIER_TIMEOUT_MS, now });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
