// Trips booked with the loopback travel supplier through the real flow (REST request, approval, the outbox's booking
// over signed HTTP), for the supplier settlement tests; and the supplier adapter the app itself would use.
import { expect } from 'vitest';
import { insertOrder } from '../../db/repos/supplier-orders.js';
import { supplierFromConfig } from '../../src/integrations/travel/http-supplier.js';
import { SUPPLIER_NAME } from '../../src/usecases/lifecycle/topics.js';
import { randomIds } from '../../src/runtime.js';
import type { SettlementDeps } from '../../src/usecases/travel/supplier-settlement.js';
import type { SupplierOrder } from '../../domain/travel/index.js';
import { drainOutbox } from './console.js';
import type { TravelWorld } from './travel.js';

/** The settlement use case's dependencies, with the HTTP adapter against the fake supplier. */
export function settlementDeps(w: TravelWorld): SettlementDeps {
  return { ...w.t.deps, supplier: supplierFromConfig(w.t.deps.config, () => w.t.clock.now()), supplierName: SUPPLIER_NAME };
}

/** Approves every pending step of a request through the REST API, as whoever is assigned. */
async function approveAll(w: TravelWorld, requestId: string) {
  for (let i = 0; i < 4; i++) {
    const r = await w.t.call('GET', `/api/v1/requests/${requestId}`);
    if (r.body.approval.status !== 'pending') return;
    const acted = await w.t.call('POST', `/api/v1/approvals/${r.body.approval.id}/actions`, { actorId: r.body.approval.progress.pending[0], action: 'approve' });
    expect(acted.status, JSON.stringify(acted.body)).toBe(200);
  }
}

/**
 * A train trip to 上海 from `departDate` to `returnDate` for e_zhangwei, approved and booked with the supplier (train out,
 * train back, hotel). With `complete`, every order is issued and completed (callbacks over HTTP). Returns its orders.
 */
export async function bookedTrip(w: TravelWorld, departDate: string, returnDate: string, opts: { complete?: boolean; submitterId?: string } = {}): Promise<{ tripId: string; orders: SupplierOrder[] }> {
  const trip = await w.t.call('POST', '/api/v1/requests', { type: 'trip', submitterId: opts.submitterId ?? 'e_zhangwei', title: '出差上海', details: { trip: { destination: '上海', departDate, returnDate, transport: 'train' } } });
  expect(trip.status, JSON.stringify(trip.body)).toBe(201);
  const tripId = trip.body.request.id as string;
  await approveAll(w, tripId);
  await drainOutbox(w.t);
  const orders = w.supplier.orders().filter((o) => o.tripRef === tripId);
  expect(orders).toHaveLength(3);
  if (opts.complete !== false) {
    for (const o of orders) {
      expect(await w.supplier.issue(o.orderId)).toBe(200);
      expect(await w.supplier.complete(o.orderId)).toBe(200);
    }
    await drainOutbox(w.t);
  }
  return { tripId, orders: w.supplier.orders().filter((o) => o.tripRef === tripId) };
}

/**
 * An order another organisation booked with the same supplier account: booked on the fake over signed HTTP and
 * recorded as that organisation's supplier order (as its booking would have), then completed by callback.
 */
export async function otherOrgOrder(w: TravelWorld, orgId: string, date: string): Promise<SupplierOrder> {
  const adapter = supplierFromConfig(w.t.deps.config, () => w.t.clock.now())!;
  const [offer] = await adapter.search({ kind: 'train', origin: '北京', destination: '上海', date });
  const tripRef = `${orgId}-trip`;
  const booked = await adapter.book({ clientRef: `${tripRef}:out`, offerId: offer!.offerId, tripRef, traveller: { employeeId: 'a_emp', name: 'Bob Worker' }, payment: 'company' });
  const now = w.t.clock.now();
  await insertOrder(w.t.database.db, { id: randomIds.next('sord'), orgId, tripId: tripRef, supplier: SUPPLIER_NAME, clientRef: booked.clientRef, supplierOrderId: booked.orderId, kind: booked.kind, status: 'booked', payment: 'company', amountMinor: booked.amount.minor, currency: booked.amount.currency, offer: booked.offer, createdAt: now, updatedAt: now });
  expect(await w.supplier.issue(booked.orderId)).toBe(200);
  expect(await w.supplier.complete(booked.orderId)).toBe(200);
  return w.supplier.orders().find((o) => o.orderId === booked.orderId)!;
}
