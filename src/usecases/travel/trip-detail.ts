// Reading a trip: the request with its supplier orders, the expense lines made for it and what its budget check froze.
import type { Db } from '../../../db/database.js';
import { getRequest, type RequestRow } from '../../../db/repos/approvals.js';
import { linesOfApplication, type LineRow } from '../../../db/repos/expense-lines.js';
import { ordersOfTrip, type OrderRow } from '../../../db/repos/supplier-orders.js';
import { domainError, err, ok, type Result } from '../../../domain/shared/index.js';

export interface TripDetail {
  trip: RequestRow;
  orders: OrderRow[];
  lines: LineRow[];
  /** The estimate made at submission, the budget check then, and what approval froze. */
  budget: { estimate: unknown; atSubmission: unknown; frozen: unknown };
}

/** Trip `id` of the organisation; NOT_FOUND when there is none (or the request is not a trip). */
export async function tripDetail(deps: { db: Db }, orgId: string, id: string): Promise<Result<TripDetail>> {
  const trip = await getRequest(deps.db, orgId, id);
  if (!trip || trip.type !== 'trip') return err(domainError('NOT_FOUND', `no trip ${id}`));
  const orders = await ordersOfTrip(deps.db, orgId, id);
  const lines = await linesOfApplication(deps.db, orgId, id);
  const d = trip.details as { estimate?: unknown; budget?: unknown; frozen?: unknown };
  return ok({ trip, orders, lines, budget: { estimate: d.estimate ?? null, atSubmission: d.budget ?? null, frozen: d.frozen ?? null } });
}
