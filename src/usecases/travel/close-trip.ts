// Cancelling an approved trip (its orders are cancelled with the supplier) or completing one that needs no claim:
// either way what is still frozen for it goes back to the budget, in one transaction.
import { actingEmployeeOf } from '../authorise.js';
import type { Db } from '../../../db/database.js';
import { lockRequests, updateRequestLifecycle } from '../../../db/repos/approvals.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { budgetsFrozenFor, entriesForRef } from '../../../db/repos/budgets.js';
import { enqueue } from '../../../db/repos/outbox.js';
import { ordersOfTrip } from '../../../db/repos/supplier-orders.js';
import { outstandingFreeze } from '../../../domain/budget/index.js';
import { domainError, err, ok, type Clock, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import { postEntryInTx } from '../budgets.js';
import { publish } from '../publish.js';
import { command } from '../unit-of-work.js';
import { cancelMessage, notifyMessage, statusMessage } from '../lifecycle/topics.js';

export interface CloseResult {
  tripId: string;
  phase: 'cancelled' | 'completed';
  releasedMinor: number;
  cancelledOrders: number;
}

/**
 * `cancel`: only the traveller or an admin; refused once the trip is completed. `complete`: closes a trip whose costs
 * are all claimed or that had none. TRIP.NOT_ACTIVE when it is not an approved, open trip.
 */
export function closeTrip(deps: { db: Db; clock: Clock; ids: IdGenerator }, orgId: string, tripId: string, actorId: string, how: 'cancel' | 'complete', reason?: string): Promise<Result<CloseResult>> {
  return command<CloseResult>(deps.db, async (tx) => {
    const [trip] = await lockRequests(tx, orgId, [tripId]);
    if (!trip || trip.type !== 'trip') return err(domainError('NOT_FOUND', `no trip ${tripId}`));
    const who = await actingEmployeeOf(tx, orgId, actorId);
    if (!who.ok) return who;
    const actor = who.value;
    if (trip.submitterId !== actor.id && !actor.admin) return err(domainError('AUTH.FORBIDDEN', 'only the traveller or an administrator can close this trip'));
    if (trip.status !== 'approved') return err(domainError('TRIP.NOT_ACTIVE', `trip ${tripId} is ${trip.status}; ${trip.status === 'pending' ? 'withdraw it instead' : 'only an approved trip can be closed'}`, { status: trip.status }));
    if (trip.phase === 'cancelled' || trip.phase === 'completed') return err(domainError('TRIP.NOT_ACTIVE', `trip ${tripId} is already ${trip.phase}`, { phase: trip.phase }));
    const now = deps.clock.now();
    let releasedMinor = 0;
    for (const budgetId of await budgetsFrozenFor(tx, orgId, 'request', tripId)) {
      const left = outstandingFreeze(await entriesForRef(tx, orgId, budgetId, 'request', tripId), { type: 'request', id: tripId });
      if (left <= 0) continue;
      const r = await postEntryInTx(tx, deps, orgId, budgetId, actor.id, { kind: 'release', amountMinor: left, ref: { type: 'request', id: tripId }, idempotencyKey: `close:${tripId}` });
      if (!r.ok) return r;
      releasedMinor += left;
    }
    const phase = how === 'cancel' ? 'cancelled' : 'completed';
    const open = how === 'cancel' ? (await ordersOfTrip(tx, orgId, tripId)).filter((o) => !['cancelled', 'completed', 'failed'].includes(o.status)) : [];
    await updateRequestLifecycle(tx, orgId, tripId, { phase, details: { closed: { how, by: actor.id, at: now.toISOString(), ...(reason ? { reason } : {}) } } }, now);
    await enqueue(tx, [
      ...open.map((o) => cancelMessage(orgId, o.id)),
      statusMessage(orgId, { tripRef: tripId, status: phase, at: now.toISOString() }),
      notifyMessage(orgId, `itinerary:${tripId}:${phase}`, { kind: 'itinerary', employeeId: trip.submitterId, tripId }),
    ]);
    await publish(tx, deps.ids, [{ type: `trip.${phase}`, orgId, subject: { type: 'request', id: tripId }, at: now, payload: { releasedMinor, currency: trip.currency, cancelledOrders: open.length } }], `trip:${tripId}:${phase}`);
    await appendAudit(tx, { orgId, actorId: actor.id, action: `trip.${how}`, subjectType: 'request', subjectId: tripId, before: { phase: trip.phase }, after: { phase, releasedMinor, cancelledOrders: open.length }, at: now });
    return ok({ tripId, phase, releasedMinor, cancelledOrders: open.length });
  });
}
