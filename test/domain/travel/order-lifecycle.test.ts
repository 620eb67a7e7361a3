import { describe, expect, it } from 'vitest';
import { applyOrderCallback, chooseOffer, orderNetMinor, planLegs, tripPhaseOf, type Entitlement, type Offer } from '../../../domain/travel/index.js';
import { unwrap } from '../../../domain/shared/index.js';

const state = (status: 'booked' | 'issued' | 'completed' | 'cancelled' | 'refunded', amountMinor = 80_000, refundedMinor = 0) => ({ status, amountMinor, refundedMinor, currency: 'CNY' });
const order = (minor: number, refunded?: number) => ({ amount: { minor, currency: 'CNY' }, ...(refunded === undefined ? {} : { refunded: { minor: refunded, currency: 'CNY' } }) });

describe('applyOrderCallback', () => {
  it('issues, changes the price, refunds part and completes', () => {
    const issued = unwrap(applyOrderCallback(state('booked'), 'order.issued', order(80_000)));
    expect(issued).toMatchObject({ kind: 'applied', state: { status: 'issued' }, completed: false });
    const changed = unwrap(applyOrderCallback(state('issued'), 'order.changed', order(95_000)));
    expect(changed).toMatchObject({ kind: 'applied', state: { status: 'changed', amountMinor: 95_000 } });
    const refunded = unwrap(applyOrderCallback(state('issued', 95_000), 'order.refunded', order(95_000, 15_000)));
    expect(refunded).toMatchObject({ kind: 'applied', state: { status: 'refunded', refundedMinor: 15_000 } });
    const done = unwrap(applyOrderCallback(state('refunded', 95_000, 15_000), 'order.completed', order(95_000, 15_000)));
    expect(done).toMatchObject({ kind: 'applied', completed: true });
    if (done.kind === 'applied') expect(orderNetMinor(done.state)).toBe(80_000);
  });

  it('ignores a repeated or late callback instead of refusing it (the supplier would retry forever)', () => {
    expect(unwrap(applyOrderCallback(state('completed'), 'order.completed', order(80_000))).kind).toBe('ignored');
    expect(unwrap(applyOrderCallback(state('cancelled'), 'order.issued', order(80_000))).kind).toBe('ignored');
  });

  it('refuses inconsistent amounts and a currency change', () => {
    expect(applyOrderCallback(state('issued'), 'order.refunded', order(80_000, 90_000)).ok).toBe(false);
    expect(applyOrderCallback(state('issued'), 'order.changed', { amount: { minor: 100, currency: 'USD' } }).ok).toBe(false);
  });
});

describe('tripPhaseOf', () => {
  it('is booked while orders are open and completed once all are done', () => {
    expect(tripPhaseOf('booking', [{ status: 'issued' }, { status: 'booked' }])).toBe('booked');
    expect(tripPhaseOf('booked', [{ status: 'completed' }, { status: 'cancelled' }])).toBe('travelled');
    expect(tripPhaseOf('cancelled', [{ status: 'completed' }])).toBe('cancelled');
  });
});

describe('planLegs and chooseOffer', () => {
  it('books outbound, return and a hotel for a two-night train trip; no transport for a car trip', () => {
    const legs = planLegs({ origin: '北京', destination: '上海', departDate: '2026-12-01', returnDate: '2026-12-03', transport: 'train' });
    expect(legs.map((l) => l.leg)).toEqual(['outbound', 'return', 'hotel']);
    expect(legs[1]!.query).toEqual({ kind: 'train', origin: '上海', destination: '北京', date: '2026-12-03' });
    expect(planLegs({ origin: '北京', destination: '天津', departDate: '2026-12-01', returnDate: '2026-12-01', transport: 'car' })).toEqual([]);
  });

  const e: Entitlement = { cabinFor: (h) => (h > 6 ? 'business' : 'economy'), seatFor: () => 'second', hotelCapNightly: { minor: 60_000, currency: 'CNY' } };
  const flight = (id: string, cabin: Offer['cabin'], minor: number, minutes = 130): Offer => ({ offerId: id, kind: 'flight', description: id, cabin, durationMinutes: minutes, departAt: '2026-12-01T08:00', price: { minor, currency: 'CNY' } });
  it('takes the cheapest offer within policy, not a cheaper one above the entitlement', () => {
    const chosen = chooseOffer([flight('biz', 'business', 50_000), flight('eco', 'economy', 90_000), flight('eco2', 'economy', 70_000)], e);
    expect(chosen).toEqual({ offer: expect.objectContaining({ offerId: 'eco2' }), outOfPolicy: false });
    expect(chooseOffer([flight('long-biz', 'business', 300_000, 420)], e)?.outOfPolicy).toBe(false);
  });
  it('falls back to the cheapest offer, flagged, when nothing fits; hotels over the cap are out of policy', () => {
    const hotel = (id: string, nightly: number): Offer => ({ offerId: id, kind: 'hotel', description: id, nightly: { minor: nightly, currency: 'CNY' }, nights: 2, price: { minor: nightly * 2, currency: 'CNY' } });
    expect(chooseOffer([hotel('a', 90_000), hotel('b', 70_000)], e)).toEqual({ offer: expect.objectContaining({ offerId: 'b' }), outOfPolicy: true });
    expect(chooseOffer([hotel('a', 90_000), hotel('c', 55_000)], e)?.offer.offerId).toBe('c');
    expect(chooseOffer([], e)).toBeUndefined();
  });
});
