// Booking an approved trip with the travel supplier (outbox topic travel.book): search each leg, pick the cheapest
// offer within policy, book it under an idempotency key, record the order, then send the itinerary to the traveller.
// Supplier calls happen outside any transaction; each recorded result is its own transaction.
import type { Db } from '../../../db/database.js';
import { getRequest, updateRequestLifecycle } from '../../../db/repos/approvals.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { enqueue, type ClaimedMessage } from '../../../db/repos/outbox.js';
import { getEmployee } from '../../../db/repos/org.js';
import { listPolicyRules } from '../../../db/repos/policy.js';
import { insertOrder, ordersOfTrip, type OrderRow } from '../../../db/repos/supplier-orders.js';
import type { Tx } from '../../../db/database.js';
import type { RequestRow } from '../../../db/repos/approvals.js';
import { postEntryInTx } from '../budgets.js';
import { allowedCabin, allowedSeat, travelAllowances } from '../../../domain/policy/index.js';
import { chooseOffer, planLegs, SupplierRefusal, type Entitlement, type PaymentMode, type TravelSupplier } from '../../../domain/travel/index.js';
import type { Clock, IdGenerator } from '../../../domain/shared/index.js';
import { publish } from '../publish.js';
import { tripFactsOf } from '../trip-policy.js';
import { cancelMessage, notifyMessage } from '../lifecycle/topics.js';

export interface BookingDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  supplier: TravelSupplier;
  /** The supplier's name in our records (supplier order ids are unique per supplier). */
  supplierName: string;
  homeCity: string;
  payment: PaymentMode;
}

/** `travel.book`: books every leg not booked yet. A transport failure throws (the outbox retries; booking keys make it safe). */
export function bookTripHandler(deps: BookingDeps) {
  return async (msg: ClaimedMessage): Promise<void> => {
    const { tripId } = msg.payload as { tripId: string };
    await bookTrip(deps, msg.orgId, tripId);
  };
}

export async function bookTrip(deps: BookingDeps, orgId: string, tripId: string): Promise<void> {
  const trip = await getRequest(deps.db, orgId, tripId);
  if (!trip || trip.type !== 'trip' || trip.phase !== 'booking') return;
  const facts = tripFactsOf(trip.details);
  if (!facts?.destination || !facts.departDate || !facts.returnDate) return;
  const traveller = await getEmployee(deps.db, orgId, trip.submitterId);
  if (!traveller) return;
  const rules = await listPolicyRules(deps.db, orgId);
  const allowance = travelAllowances(rules, facts.destination, traveller.grade);
  const entitlement: Entitlement = {
    cabinFor: (h) => allowedCabin(rules, traveller.grade, h),
    seatFor: (h) => allowedSeat(rules, traveller.grade, h),
    ...(allowance.hotelCapNightly ? { hotelCapNightly: allowance.hotelCapNightly } : {}),
  };
  const existing = await ordersOfTrip(deps.db, orgId, tripId);
  const legs = planLegs({ origin: facts.origin ?? deps.homeCity, destination: facts.destination, departDate: facts.departDate, returnDate: facts.returnDate, ...(facts.transport ? { transport: facts.transport } : {}) });

  for (const leg of legs) {
    const clientRef = `${tripId}:${leg.leg}`;
    if (existing.some((o) => o.clientRef === clientRef)) continue;
    const now = () => deps.clock.now();
    try {
      const chosen = chooseOffer(await deps.supplier.search(leg.query), entitlement);
      if (!chosen) {
        await recordFailure(deps, orgId, tripId, clientRef, leg.query.kind, trip.currency ?? 'CNY', 'no offers for this leg', now());
        continue;
      }
      const order = await deps.supplier.book({
        clientRef,
        offerId: chosen.offer.offerId,
        tripRef: tripId,
        traveller: { employeeId: traveller.id, name: traveller.name, ...(traveller.email ? { email: traveller.email } : {}), ...(traveller.mobile ? { mobile: traveller.mobile } : {}) },
        payment: deps.payment,
      });
      await deps.db.transaction(async (tx) => {
        const at = now();
        const row = await insertOrder(tx, {
          id: deps.ids.next('sord'),
          orgId,
          tripId,
          supplier: deps.supplierName,
          clientRef,
          supplierOrderId: order.orderId,
          kind: order.kind,
          status: order.status,
          payment: order.payment,
          amountMinor: order.amount.minor,
          refundedMinor: order.refunded?.minor ?? 0,
          currency: order.amount.currency,
          offer: { ...order.offer, outOfPolicy: chosen.outOfPolicy },
          createdAt: at,
          updatedAt: at,
        });
        await publish(tx, deps.ids, [{ type: 'trip.order_booked', orgId, subject: { type: 'request', id: tripId }, at, payload: { orderId: order.orderId, kind: order.kind, amount: order.amount, payment: order.payment, outOfPolicy: chosen.outOfPolicy } }], `order:${row.id}:booked`);
        await appendAudit(tx, { orgId, actorId: 'system', action: 'trip.order_booked', subjectType: 'request', subjectId: tripId, after: { orderId: order.orderId, leg: leg.leg, amount: order.amount, outOfPolicy: chosen.outOfPolicy }, at });
      });
    } catch (e) {
      if (!(e instanceof SupplierRefusal)) throw e;
      await recordFailure(deps, orgId, tripId, clientRef, leg.query.kind, trip.currency ?? 'CNY', `${e.code}: ${e.message}`, now());
    }
  }

  // Booked: the trip moves on and the traveller gets the itinerary. A trip cancelled while we booked cancels its orders.
  await deps.db.transaction(async (tx) => {
    const fresh = await getRequest(tx, orgId, tripId);
    const orders = await ordersOfTrip(tx, orgId, tripId);
    const at = deps.clock.now();
    if (fresh?.phase === 'cancelled') {
      await enqueue(tx, orders.filter((o) => o.status !== 'cancelled' && o.status !== 'failed').map((o) => cancelMessage(orgId, o.id)));
      return;
    }
    const topUp = await freezeBookedCost(tx, deps, fresh ?? trip, orders, at);
    await updateRequestLifecycle(tx, orgId, tripId, { phase: 'booked', ...(topUp ? { details: topUp } : {}) }, at);
    await enqueue(tx, [notifyMessage(orgId, `itinerary:${tripId}:booked`, { kind: 'itinerary', employeeId: trip.submitterId, tripId })]);
  });
}

/**
 * The estimate frozen at approval knows the hotel cap and the per diem, not the fares. Once booked, the budget should
 * hold what the orders really cost (plus the per diem still to come): the difference is frozen too. When the budget
 * cannot take it the booking stands and the shortfall is recorded for the itinerary and finance.
 */
async function freezeBookedCost(tx: Tx, deps: BookingDeps, trip: RequestRow, orders: readonly OrderRow[], at: Date): Promise<Record<string, unknown> | undefined> {
  const d = trip.details as { frozen?: { budgetId: string; minor: number }; estimate?: { parts?: { kind: string; minor: number; currency: string }[] } };
  if (!d.frozen || !trip.currency) return undefined;
  const booked = orders.filter((o) => o.status !== 'failed' && o.status !== 'cancelled' && o.currency === trip.currency).reduce((s, o) => s + o.amountMinor - o.refundedMinor, 0);
  const perDiem = (d.estimate?.parts ?? []).filter((p) => p.kind === 'per_diem' && p.currency === trip.currency).reduce((s, p) => s + p.minor, 0);
  const more = booked + perDiem - d.frozen.minor;
  if (more <= 0) return undefined;
  const entry = await postEntryInTx(tx, deps, trip.orgId, d.frozen.budgetId, 'system', { kind: 'freeze', amountMinor: more, ref: { type: 'request', id: trip.id }, idempotencyKey: `booked:${trip.id}` });
  if (!entry.ok) return { budgetShort: { neededMinor: more, availableMinor: (entry.error.details as { availableMinor?: number } | undefined)?.availableMinor ?? null, at: at.toISOString() } };
  return { frozen: { budgetId: d.frozen.budgetId, minor: d.frozen.minor + more } };
}

/** A leg the supplier could not book: recorded (shown on the itinerary) and not retried. */
async function recordFailure(deps: BookingDeps, orgId: string, tripId: string, clientRef: string, kind: string, currency: string, reason: string, at: Date): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await insertOrder(tx, { id: deps.ids.next('sord'), orgId, tripId, supplier: deps.supplierName, clientRef, kind, status: 'failed', payment: deps.payment, amountMinor: 0, currency, offer: {}, error: reason, createdAt: at, updatedAt: at });
    await appendAudit(tx, { orgId, actorId: 'system', action: 'trip.order_failed', subjectType: 'request', subjectId: tripId, after: { clientRef, reason }, at });
  });
}
