// Outbox handlers that talk to the supplier: push our trip status, cancel an order. Transport failures throw and are
// retried by the dispatcher; a refusal the supplier states is recorded and not retried.
import type { Db } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import type { ClaimedMessage } from '../../../db/repos/outbox.js';
import { getOrder, updateOrder } from '../../../db/repos/supplier-orders.js';
import { SupplierRefusal, type TravelSupplier, type TripStatusUpdate } from '../../../domain/travel/index.js';
import type { Clock } from '../../../domain/shared/index.js';
import { PermanentFailure } from '../../jobs/dispatcher.js';

/** `travel.status`: tells the supplier the trip was approved, cancelled or completed. */
export function tripStatusHandler(supplier: TravelSupplier) {
  return async (msg: ClaimedMessage): Promise<void> => {
    try {
      await supplier.pushTripStatus(msg.payload as TripStatusUpdate);
    } catch (e) {
      if (e instanceof SupplierRefusal) throw new PermanentFailure(`supplier refused the status push: ${e.code} ${e.message}`);
      throw e;
    }
  };
}

/** `travel.cancel`: cancels one order with the supplier and records the answer. */
export function cancelOrderHandler(deps: { db: Db; clock: Clock; supplier: TravelSupplier }) {
  return async (msg: ClaimedMessage): Promise<void> => {
    const { orderRowId } = msg.payload as { orderRowId: string };
    const order = await getOrder(deps.db, msg.orgId, orderRowId);
    if (!order?.supplierOrderId || order.status === 'cancelled') return;
    let status = 'cancelled';
    let error: string | undefined;
    try {
      const answer = await deps.supplier.cancel(order.supplierOrderId, `${order.clientRef}:cancel`);
      status = answer.status;
    } catch (e) {
      if (!(e instanceof SupplierRefusal)) throw e;
      status = order.status;
      error = `cancel refused: ${e.code} ${e.message}`;
    }
    await deps.db.transaction(async (tx) => {
      const now = deps.clock.now();
      await updateOrder(tx, order.orgId, order.id, { status, ...(error ? { error } : {}) }, now);
      await appendAudit(tx, { orgId: order.orgId, actorId: 'system', action: 'trip.order_cancel', subjectType: 'supplier_order', subjectId: order.id, before: { status: order.status }, after: { status, ...(error ? { error } : {}) }, at: now });
    });
  };
}
