// The advance (借款) a visit's host may ask for when registering it. The registration records the amount (at most the
// estimate) with what the approver weighs it against — the department's hospitality budget available in the visit's
// month and the host's outstanding advances — and the approval, in its own transaction, makes it an approved advance
// of the host linked to the visit's request (`applicationId`), with the payable to the host, audited, and the host
// told, as an approved standalone advance is. A hospitality claim linking the visit offsets it first (settle.ts). A
// rejected or withdrawn visit creates none. The advance's id is the visit request's, so approving twice cannot make two.
import type { Executor, Tx } from '../../../db/database.js';
import { getAdvance, insertAdvance, insertPayable, outstandingAdvances } from '../../../db/repos/advances.js';
import type { RequestRow } from '../../../db/repos/approvals.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { findBudget } from '../../../db/repos/budgets.js';
import { enqueue } from '../../../db/repos/outbox.js';
import { available, periodsContaining } from '../../../domain/budget/index.js';
import type { AdvanceStatus } from '../../../domain/advance/index.js';
import { storedVisitOf, type StoredVisitDetails } from '../../../domain/reception/index.js';
import type { IdGenerator } from '../../../domain/shared/index.js';
import { notifyMessage } from '../lifecycle/topics.js';
import { dueOnFor } from '../payments/payable-due.js';

type Money = { minor: number; currency: string };

/**
 * What the approval card shows beside the advance, as it stands now: the department's hospitality budget available in
 * the month of `day` (null when no budget is set) and the host's outstanding advances (count, total per currency).
 */
export async function visitAdvanceStanding(db: Executor, orgId: string, hostId: string, departmentId: string, day: string): Promise<Pick<StoredVisitDetails, 'hospitalityAvailable' | 'hostAdvances'>> {
  const budget = await findBudget(db, orgId, departmentId, 'hospitality', periodsContaining(day));
  const owed = await outstandingAdvances(db, orgId, hostId, false);
  const totals = new Map<string, number>();
  for (const a of owed) totals.set(a.currency, (totals.get(a.currency) ?? 0) + a.outstandingMinor);
  return {
    hospitalityAvailable: budget ? { minor: available(budget), currency: budget.currency } : null,
    hostAdvances: { count: owed.length, totals: [...totals].map(([currency, minor]) => ({ minor, currency })) },
  };
}

/** The advance of a visit as its view shows it: what was asked, and once approved where it stands. */
export interface VisitAdvanceView {
  amount: Money;
  /** `requested` until the visit is approved, `cancelled` when it was rejected or withdrawn; then the advance's own. */
  status: 'requested' | AdvanceStatus;
  outstanding?: Money;
}

/** The advance of the visit whose request is `request`, or undefined when none was asked. */
export async function visitAdvanceOf(db: Executor, orgId: string, request: Pick<RequestRow, 'id' | 'details' | 'status'> | undefined): Promise<VisitAdvanceView | undefined> {
  const asked = request ? storedVisitOf(request.details)?.advance : undefined;
  if (!request || !asked) return undefined;
  const a = await getAdvance(db, orgId, request.id);
  // A visit rejected or withdrawn never paid its advance out.
  if (!a) return { amount: asked, status: request.status === 'rejected' || request.status === 'withdrawn' ? 'cancelled' : 'requested' };
  return { amount: { minor: a.amountMinor, currency: a.currency }, status: a.status as AdvanceStatus, outstanding: { minor: a.outstandingMinor, currency: a.currency } };
}

/**
 * The visit's request `r` was approved: the advance it asked for becomes the host's, approved and wholly outstanding,
 * linked to the request, with a payable to the host. Nothing when none was asked or it exists already.
 */
export async function visitAdvanceApproved(tx: Tx, deps: { ids: IdGenerator; payableTermsDays?: number }, r: RequestRow, hostId: string, actorId: string, now: Date): Promise<Money | undefined> {
  const asked = storedVisitOf(r.details)?.advance;
  if (!asked || (await getAdvance(tx, r.orgId, r.id))) return undefined;
  await insertAdvance(tx, { id: r.id, orgId: r.orgId, employeeId: hostId, applicationId: r.id, amountMinor: asked.minor, outstandingMinor: asked.minor, currency: asked.currency, status: 'approved', createdAt: now, updatedAt: now });
  const dueOn = await dueOnFor(tx, r.orgId, now, deps.payableTermsDays ?? 0);
  await insertPayable(tx, { id: deps.ids.next('pay'), orgId: r.orgId, sourceType: 'advance', sourceId: r.id, payeeType: 'employee', payeeId: hostId, amountMinor: asked.minor, currency: asked.currency, status: 'open', dueOn, createdAt: now });
  await enqueue(tx, [
    notifyMessage(r.orgId, `advance:${r.id}`, { kind: 'ledger', employeeId: hostId, requestId: r.id, event: 'advance_paid', lines: [{ label: { zh: '接待借款金额（待付款）', en: 'Visit advance (to be paid)' }, minor: asked.minor, currency: asked.currency }] }),
  ]);
  await appendAudit(tx, { orgId: r.orgId, actorId, action: 'advance.approved', subjectType: 'advance', subjectId: r.id, after: { employeeId: hostId, applicationId: r.id, outstandingMinor: asked.minor, currency: asked.currency, source: 'visit' }, at: now });
  return asked;
}
