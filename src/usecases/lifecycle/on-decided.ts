// What a final approval decision sets in motion, inside the approval's own transaction: a trip freezes its budget and
// goes to booking; an advance becomes outstanding and payable; a reimbursement consumes budget, releases what its
// trips left frozen, offsets advances and creates the payable; a visit freezes its hospitality estimate and gives its
// visitors their invitations (reception/visit-lifecycle.ts). A failure (no budget left) rolls the approval back.
// A single expense needs no transaction: its expense line is written by the approval's own statement (saveOutcome).
import type { Tx } from '../../../db/database.js';
import { getRequest, updateRequestLifecycle, type RequestRow } from '../../../db/repos/approvals.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { findBudget } from '../../../db/repos/budgets.js';
import { getAdvance, insertPayable, updateAdvance } from '../../../db/repos/advances.js';
import { setReimbursementLines } from '../../../db/repos/expense-lines.js';
import { enqueue } from '../../../db/repos/outbox.js';
import type { ApprovalInstance } from '../../../domain/approval/index.js';
import { periodsContaining } from '../../../domain/budget/index.js';
import { ok, type Clock, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import { postEntryInTx } from '../budgets.js';
import { tripFactsOf } from '../trip-policy.js';
import { orgDate } from '../org-time.js';
import { settleReimbursement } from './settle.js';
import { dueOnFor } from '../payments/payable-due.js';
import { paymentRunApproved, paymentRunClosed } from '../payments/run-lifecycle.js';
import { bookMessage, notifyMessage, statusMessage } from './topics.js';
import { visitApproved, visitClosed } from '../reception/visit-lifecycle.js';
import { visitClaimClosed } from '../reception/claim-link.js';

export interface LifecycleDeps {
  clock: Clock;
  ids: IdGenerator;
  /** Whether a travel supplier is configured (then approved trips are booked). */
  supplier: boolean;
  /** Days after its creation a payable falls due (PAYABLE_TERMS_DAYS). */
  payableTermsDays: number;
}

/** The lifecycle's dependencies from a use case's: a supplier is configured when its URL is. */
export const lifecycleDepsOf = (deps: { clock: Clock; ids: IdGenerator; config?: { TRAVEL_SUPPLIER_URL?: string | undefined; PAYABLE_TERMS_DAYS?: number } | undefined }): LifecycleDeps => ({
  clock: deps.clock,
  ids: deps.ids,
  supplier: Boolean(deps.config?.TRAVEL_SUPPLIER_URL),
  payableTermsDays: deps.config?.PAYABLE_TERMS_DAYS ?? 0,
});

type Decided = { request: RequestRow; instance: ApprovalInstance; actorId: string; now: Date };
type Handler = (tx: Tx, deps: LifecycleDeps, d: Decided) => Promise<Result<void>>;

/** Request types whose final decision has effects beyond the approval itself. */
const ON_APPROVED: Readonly<Record<string, Handler>> = {
  trip: tripApproved,
  advance: advanceApproved,
  reimbursement: (tx, deps, d) => settleReimbursement(tx, deps, d.request, d.actorId, d.now),
  payment_run: (tx, deps, d) => paymentRunApproved(tx, deps, d.request, d.actorId, d.now),
  visit: (tx, deps, d) => visitApproved(tx, deps, d),
};
const ON_CLOSED: Readonly<Record<string, Handler>> = {
  advance: async (tx, _deps, d) => {
    await updateAdvance(tx, d.request.orgId, d.request.id, { status: 'cancelled', outstandingMinor: 0 }, d.now);
    return ok(undefined);
  },
  // A rejected or withdrawn claim gives its lines back to the employee to claim again.
  reimbursement: async (tx, _deps, d) => {
    await setReimbursementLines(tx, d.request.orgId, d.request.id, 'open', true, d.now);
    return visitClaimClosed(tx, d.request, d.actorId, d.now);
  },
  payment_run: (tx, _deps, d) => paymentRunClosed(tx, d.request, d.actorId, d.now),
  visit: (tx, _deps, d) => visitClosed(tx, { ...d, status: d.instance.status === 'withdrawn' ? 'withdrawn' : 'rejected' }),
};

/** True when a decision on this request type has lifecycle effects (the approval is then saved in a transaction). */
export const hasLifecycle = (type: string): boolean => Object.hasOwn(ON_APPROVED, type) || Object.hasOwn(ON_CLOSED, type);

/** Runs the effects of an instance reaching a final status. Returns the first failure (the caller rolls back). */
export async function onDecided(tx: Tx, deps: LifecycleDeps, instance: ApprovalInstance, actorId: string, now: Date): Promise<Result<void>> {
  const request = await getRequest(tx, instance.orgId, instance.subject.id);
  if (!request) return ok(undefined);
  const table = instance.status === 'approved' ? ON_APPROVED : instance.status === 'rejected' || instance.status === 'withdrawn' ? ON_CLOSED : {};
  const handler = Object.hasOwn(table, request.type) ? table[request.type] : undefined;
  return handler ? handler(tx, deps, { request, instance, actorId, now }) : ok(undefined);
}

/**
 * A trip: freeze its estimate in the department's travel budget of the month it starts (BUDGET.EXCEEDED refuses the
 * approval when the budget forbids overrun), then book it with the supplier and tell the supplier it is approved.
 */
async function tripApproved(tx: Tx, deps: LifecycleDeps, d: Decided): Promise<Result<void>> {
  const r = d.request;
  const trip = tripFactsOf(r.details);
  let frozen: { budgetId: string; minor: number } | undefined;
  if (r.amountMinor && r.currency) {
    const day = trip?.departDate ?? (await orgDate(tx, r.orgId, d.now));
    const budget = await findBudget(tx, r.orgId, r.departmentId, r.category ?? 'travel', periodsContaining(day));
    if (budget) {
      const entry = await postEntryInTx(tx, deps, r.orgId, budget.id, d.actorId, { kind: 'freeze', amountMinor: r.amountMinor, ref: { type: 'request', id: r.id }, idempotencyKey: `approve:${r.id}` });
      if (!entry.ok) return entry;
      frozen = { budgetId: budget.id, minor: r.amountMinor };
    }
  }
  const bookable = deps.supplier && trip?.destination && trip.departDate && trip.returnDate;
  await updateRequestLifecycle(tx, r.orgId, r.id, { phase: bookable ? 'booking' : 'approved', details: { ...(frozen ? { frozen } : {}) } }, d.now);
  if (bookable) await enqueue(tx, [bookMessage(r.orgId, r.id), statusMessage(r.orgId, { tripRef: r.id, status: 'approved', at: d.now.toISOString() })]);
  await appendAudit(tx, { orgId: r.orgId, actorId: d.actorId, action: 'trip.approved', subjectType: 'request', subjectId: r.id, after: { frozen: frozen ?? null, booking: Boolean(bookable) }, at: d.now });
  return ok(undefined);
}

/** An advance: its full amount becomes outstanding and a payable to the employee is created. */
async function advanceApproved(tx: Tx, deps: LifecycleDeps, d: Decided): Promise<Result<void>> {
  const r = d.request;
  const advance = await getAdvance(tx, r.orgId, r.id, true);
  if (!advance || advance.status !== 'pending') return ok(undefined);
  await updateAdvance(tx, r.orgId, r.id, { status: 'approved', outstandingMinor: advance.amountMinor }, d.now);
  const dueOn = await dueOnFor(tx, r.orgId, d.now, deps.payableTermsDays);
  await insertPayable(tx, { id: deps.ids.next('pay'), orgId: r.orgId, sourceType: 'advance', sourceId: r.id, payeeType: 'employee', payeeId: r.submitterId, amountMinor: advance.amountMinor, currency: advance.currency, status: 'open', dueOn, createdAt: d.now });
  await updateRequestLifecycle(tx, r.orgId, r.id, { phase: 'payable' }, d.now);
  await enqueue(tx, [
    notifyMessage(r.orgId, `advance:${r.id}`, { kind: 'ledger', employeeId: r.submitterId, requestId: r.id, event: 'advance_paid', lines: [{ label: { zh: '借款金额（待付款）', en: 'Advance (to be paid)' }, minor: advance.amountMinor, currency: advance.currency }] }),
  ]);
  await appendAudit(tx, { orgId: r.orgId, actorId: d.actorId, action: 'advance.approved', subjectType: 'advance', subjectId: r.id, after: { outstandingMinor: advance.amountMinor, currency: advance.currency }, at: d.now });
  return ok(undefined);
}
