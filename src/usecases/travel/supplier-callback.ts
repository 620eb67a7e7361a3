// A verified supplier callback: move the order, and when it completes turn it into an expense line of the trip —
// company-paid lines are ready to claim, personally paid ones wait for the traveller's one-click confirmation.
import type { Db } from '../../../db/database.js';
import { getRequest, updateRequestLifecycle } from '../../../db/repos/approvals.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { insertLine } from '../../../db/repos/expense-lines.js';
import { enqueue } from '../../../db/repos/outbox.js';
import { claimInbound, saveInboundResponse } from '../../../db/repos/processed.js';
import { orgOfSupplierOrder, orderBySupplierId, ordersOfTrip, updateOrder } from '../../../db/repos/supplier-orders.js';
import { applyOrderCallback, lineCategoryOf, orderNetMinor, tripPhaseOf, type OrderStatus, type SupplierCallback, type TripPhase } from '../../../domain/travel/index.js';
import { domainError, err, ok, type Clock, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import { publish } from '../publish.js';
import { command } from '../unit-of-work.js';
import { orgDate } from '../org-time.js';
import { notifyMessage } from '../lifecycle/topics.js';

export interface CallbackAnswer {
  orderId: string;
  status: string;
  applied: boolean;
  reason?: string;
  expenseLineId?: string;
}

/** Applies one callback exactly once (a retried event id gets the first answer). SUPPLIER.UNKNOWN_ORDER for an order we never booked. */
export function applySupplierCallback(deps: { db: Db; clock: Clock; ids: IdGenerator }, supplierName: string, cb: SupplierCallback): Promise<Result<CallbackAnswer>> {
  return command<CallbackAnswer>(deps.db, async (tx) => {
    const claim = await claimInbound(tx, `supplier:${supplierName}`, cb.eventId, null);
    if (!claim.first && claim.response) return ok(claim.response as CallbackAnswer);
    const orgId = await orgOfSupplierOrder(tx, supplierName, cb.order.orderId);
    const order = orgId ? await orderBySupplierId(tx, orgId, supplierName, cb.order.orderId) : undefined;
    // The callback must describe the order we booked under our reference, not just reuse its id.
    if (order && cb.order.clientRef !== order.clientRef) return err(domainError('SUPPLIER.UNKNOWN_ORDER', `order ${cb.order.orderId} does not carry our reference`, { orderId: cb.order.orderId }));
    if (!order) return err(domainError('SUPPLIER.UNKNOWN_ORDER', `no order ${cb.order.orderId} was booked with ${supplierName}`, { orderId: cb.order.orderId }));
    const now = deps.clock.now();
    const outcome = applyOrderCallback({ status: order.status as OrderStatus, amountMinor: order.amountMinor, refundedMinor: order.refundedMinor, currency: order.currency }, cb.type, cb.order);
    if (!outcome.ok) return outcome;
    let answer: CallbackAnswer;
    if (outcome.value.kind === 'ignored') {
      answer = { orderId: cb.order.orderId, status: order.status, applied: false, reason: outcome.value.reason };
    } else {
      const next = outcome.value.state;
      let lineId: string | undefined;
      const trip = await getRequest(tx, order.orgId, order.tripId);
      if (outcome.value.completed && orderNetMinor(next) > 0 && !order.expenseLineId && trip) {
        const offer = cb.order.offer;
        const personal = order.payment === 'personal';
        const { line } = await insertLine(tx, {
          id: deps.ids.next('exl'),
          orgId: order.orgId,
          employeeId: trip.submitterId,
          departmentId: trip.departmentId,
          category: lineCategoryOf(cb.order.kind),
          amountMinor: orderNetMinor(next),
          currency: next.currency,
          // The offer's times are local to where they happen; without one, the organisation's today.
          date: (offer.departAt ?? offer.checkIn)?.slice(0, 10) ?? (await orgDate(tx, order.orgId, now)),
          merchant: supplierName,
          description: offer.description,
          applicationId: trip.id,
          source: 'supplier',
          sourceRef: order.id,
          paidBy: order.payment,
          status: personal ? 'draft' : 'open',
          createdAt: now,
          updatedAt: now,
        });
        lineId = line.id;
        if (personal) await enqueue(tx, [notifyMessage(order.orgId, `confirm:${line.id}`, { kind: 'expense_confirm', employeeId: trip.submitterId, lineId: line.id })]);
      }
      await updateOrder(tx, order.orgId, order.id, { status: next.status, amountMinor: next.amountMinor, refundedMinor: next.refundedMinor, ...(lineId ? { expenseLineId: lineId } : {}) }, now);
      if (trip) {
        const orders = (await ordersOfTrip(tx, order.orgId, trip.id)).map((o) => (o.id === order.id ? { ...o, status: next.status } : o));
        const phase = tripPhaseOf(trip.phase as TripPhase | null, orders.map((o) => ({ status: o.status as OrderStatus })));
        if (phase && phase !== trip.phase) await updateRequestLifecycle(tx, order.orgId, trip.id, { phase }, now);
        // The itinerary card is updated in place (same card key) with the order's new status.
        await enqueue(tx, [notifyMessage(order.orgId, `itinerary:${trip.id}:${cb.eventId}`, { kind: 'itinerary', employeeId: trip.submitterId, tripId: trip.id })]);
      }
      await publish(tx, deps.ids, [{ type: `trip.order_${next.status}`, orgId: order.orgId, subject: { type: 'request', id: order.tripId }, at: now, payload: { orderId: cb.order.orderId, amount: { minor: next.amountMinor, currency: next.currency }, refundedMinor: next.refundedMinor, ...(lineId ? { expenseLineId: lineId } : {}) } }], `supplier:${cb.eventId}`);
      await appendAudit(tx, { orgId: order.orgId, actorId: `supplier:${supplierName}`, action: `supplier.${cb.type}`, subjectType: 'supplier_order', subjectId: order.id, before: { status: order.status, amountMinor: order.amountMinor, refundedMinor: order.refundedMinor }, after: { status: next.status, amountMinor: next.amountMinor, refundedMinor: next.refundedMinor, ...(lineId ? { expenseLineId: lineId } : {}) }, at: now });
      answer = { orderId: cb.order.orderId, status: next.status, applied: true, ...(lineId ? { expenseLineId: lineId } : {}) };
    }
    await saveInboundResponse(tx, `supplier:${supplierName}`, cb.eventId, answer);
    return ok(answer);
  });
}
