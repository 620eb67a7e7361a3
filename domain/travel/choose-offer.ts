// Picking what to book for an approved trip: the legs a trip needs and, per leg, the cheapest offer the traveller is
// entitled to (cabin, seat class, hotel cap). When nothing fits the policy the cheapest offer is taken and flagged.
import type { Cabin, Offer, OfferQuery, PriceView, SeatClass } from './supplier.port.js';

export interface TripLegPlan {
  /** Stable within a trip: part of the booking's idempotency key. */
  readonly leg: 'outbound' | 'return' | 'hotel';
  readonly query: OfferQuery;
}

/** The legs to book: outbound and return by flight or train, and a hotel when the trip spans a night. */
export function planLegs(t: { origin: string; destination: string; departDate: string; returnDate: string; transport?: string }): TripLegPlan[] {
  const legs: TripLegPlan[] = [];
  const mode = t.transport === 'flight' || t.transport === 'train' ? t.transport : undefined;
  if (mode && t.origin !== t.destination) {
    legs.push({ leg: 'outbound', query: { kind: mode, origin: t.origin, destination: t.destination, date: t.departDate } });
    legs.push({ leg: 'return', query: { kind: mode, origin: t.destination, destination: t.origin, date: t.returnDate } });
  }
  if (t.returnDate > t.departDate) legs.push({ leg: 'hotel', query: { kind: 'hotel', city: t.destination, checkIn: t.departDate, checkOut: t.returnDate } });
  return legs;
}

export interface Entitlement {
  cabinFor(flightHours: number): Cabin;
  seatFor(trainHours: number): SeatClass;
  hotelCapNightly?: PriceView;
}

const CABIN_RANK: Readonly<Record<Cabin, number>> = { economy: 0, premium_economy: 1, business: 2, first: 3 };
/** Seats by comfort; a soft sleeper counts as first class, a hard sleeper as second. */
const SEAT_RANK: Readonly<Record<SeatClass, number>> = { second: 0, hard_sleeper: 0, first: 1, soft_sleeper: 1, business: 2 };

/** Whether the traveller may take this offer under the policy. */
export function withinPolicy(o: Offer, e: Entitlement): boolean {
  const hours = (o.durationMinutes ?? 0) / 60;
  if (o.kind === 'flight') return CABIN_RANK[o.cabin ?? 'economy'] <= CABIN_RANK[e.cabinFor(hours)];
  if (o.kind === 'train') return SEAT_RANK[o.seatClass ?? 'second'] <= SEAT_RANK[e.seatFor(hours)];
  const cap = e.hotelCapNightly;
  if (!cap || !o.nightly) return true;
  return o.nightly.currency !== cap.currency || o.nightly.minor <= cap.minor;
}

/** The cheapest offer within policy (earliest, then id, on a tie), else the cheapest of all, flagged `outOfPolicy`. */
export function chooseOffer(offers: readonly Offer[], e: Entitlement): { offer: Offer; outOfPolicy: boolean } | undefined {
  const order = (a: Offer, b: Offer) => a.price.minor - b.price.minor || (a.departAt ?? '').localeCompare(b.departAt ?? '') || a.offerId.localeCompare(b.offerId);
  const inPolicy = offers.filter((o) => withinPolicy(o, e)).sort(order);
  if (inPolicy[0]) return { offer: inPolicy[0], outOfPolicy: false };
  const any = [...offers].sort(order)[0];
  return any ? { offer: any, outOfPolicy: true } : undefined;
}
