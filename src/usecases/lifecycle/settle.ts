// Settling an approved reimbursement inside the approval's transaction.
import type { Tx } from '../../../db/database.js';
import { lockRequests, updateRequestLifecycle, type RequestRow } from '../../../db/repos/approvals.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { budgetsFrozenFor, entriesForRef, findBudget } from '../../../db/repos/budgets.js';
import { insertMovement, insertPayable, outstandingAdvances, updateAdvance } from '../../../db/repos/advances.js';
import { linesOfReimbursement, setReimbursementLines } from '../../../db/repos/expense-lines.js';
import { enqueue } from '../../../db/repos/outbox.js';
import { applyAdvanceMovement, type AdvanceStatus } from '../../../domain/advance/index.js';
import { outstandingFreeze, periodsContaining } from '../../../domain/budget/index.js';
import { budgetCategoryOf } from '../../../domain/expense/index.js';
import { allocateCost, planSettlement, type AllocationInput, type Consumption } from '../../../domain/reimbursement/index.js';
import { invoicesByIds } from '../../../db/repos/invoices.js';
import type { InvoiceData } from '../../../domain/invoice/index.js';
import { bookVoucher, type VoucherToBook } from '../vouchers/book.js';
import { ok, type Clock, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import { postEntryInTx } from '../budgets.js';
import { orgDate } from '../org-time.js';
import { dueOnFor } from '../payments/payable-due.js';
import { notifyMessage, statusMessage } from './topics.js';
import { visitClaimSettled, visitLinePieces } from '../reception/claim-link.js';

type Deps = { clock: Clock; ids: IdGenerator; payableTermsDays: number };

/**
 * Consumes the claim's cost from the budgets (a trip's lines from the budget holding the trip's freeze, so the freeze
 * converts), releases what each linked application still has frozen and closes it, offsets the employee's advances
 * and records what is still owed as a payable. BUDGET.EXCEEDED from any budget fails the whole approval.
 */
export async function settleReimbursement(tx: Tx, deps: Deps, r: RequestRow, actorId: string, now: Date): Promise<Result<void>> {
  const today = await orgDate(tx, r.orgId, now);
  const lines = await linesOfReimbursement(tx, r.orgId, r.id);
  if (lines.length === 0) return ok(undefined);
  const details = r.details as { applicationIds?: string[]; allocations?: AllocationInput[]; keepApplicationsOpen?: boolean };
  const appIds = [...new Set([...(details.applicationIds ?? []), ...lines.flatMap((l) => (l.applicationId ? [l.applicationId] : []))])];
  const apps = (await lockRequests(tx, r.orgId, appIds)).filter((a) => a.status === 'approved');
  const advances = await outstandingAdvances(tx, r.orgId, r.submitterId, true);
  const currency = r.currency ?? lines[0]!.currency;
  const appCategory = new Map(apps.map((a) => [a.id, a.category ?? 'travel']));
  // A line attributed to linked visits settles as one piece per visit, tagged to the visit (its freeze converts).
  const pieces = await visitLinePieces(tx, r.orgId, r.id);
  const planned = lines.flatMap((l) => (pieces.get(l.id) ?? [{ applicationId: l.applicationId, minor: l.amountMinor }]).filter((p) => p.minor > 0).map((p) => ({ ...l, applicationId: p.applicationId, amountMinor: p.minor })));
  const plan = planSettlement({
    reimbursementId: r.id,
    currency,
    claimantDepartmentId: r.departmentId,
    lines: planned.map((l) => ({ id: l.id, amountMinor: l.amountMinor, currency: l.currency, paidBy: l.paidBy as 'company' | 'personal', applicationId: l.applicationId, budgetCategory: budgetCategoryOf(l, l.applicationId ? appCategory.get(l.applicationId) : undefined) })),
    applications: apps.map((a) => ({ id: a.id, departmentId: a.departmentId })),
    allocations: details.allocations ?? [],
    advances: advances.map((a) => ({ id: a.id, outstandingMinor: a.outstandingMinor, currency: a.currency, applicationId: a.applicationId, createdAt: a.createdAt.toISOString() })),
  });
  if (!plan.ok) return plan;
  const s = plan.value;

  // Advances: offset first; what remains of the claim is paid out.
  for (const o of s.advanceOffsets) {
    const a = advances.find((x) => x.id === o.advanceId)!;
    const moved = applyAdvanceMovement({ id: a.id, status: a.status as AdvanceStatus, amountMinor: a.amountMinor, outstandingMinor: a.outstandingMinor, currency: a.currency }, { kind: 'offset', amountMinor: o.amountMinor, currency });
    if (!moved.ok) return moved;
    await updateAdvance(tx, r.orgId, a.id, { outstandingMinor: moved.value.outstandingMinor, status: moved.value.status }, now);
    await insertMovement(tx, { id: deps.ids.next('adm'), orgId: r.orgId, advanceId: a.id, kind: 'offset', amountMinor: o.amountMinor, refId: r.id, at: now });
  }
  if (s.payableMinor > 0)
    await insertPayable(tx, { id: deps.ids.next('pay'), orgId: r.orgId, sourceType: 'reimbursement', sourceId: r.id, payeeType: 'employee', payeeId: r.submitterId, amountMinor: s.payableMinor, currency, status: 'open', dueOn: await dueOnFor(tx, r.orgId, now, deps.payableTermsDays), createdAt: now });
  await setReimbursementLines(tx, r.orgId, r.id, 'reimbursed', false, now);
  // Budget last: its row lock is held from here to the commit, so concurrent claims on one budget queue only briefly;
  // budgets are taken in id order, so two claims touching the same two budgets never deadlock.
  const unbudgeted: Consumption[] = [];
  const targets: { budgetId: string; c: Consumption }[] = [];
  for (const c of s.consumption) {
    const budgetId = await budgetFor(tx, r.orgId, c, today);
    if (budgetId) targets.push({ budgetId, c });
    else unbudgeted.push(c); // a category without a budget is spent uncontrolled (reported, not refused)
  }
  targets.sort((a, b) => a.budgetId.localeCompare(b.budgetId));
  for (const { budgetId, c } of targets) {
    const key = `settle:${r.id}:${c.departmentId}:${c.category}:${c.ref.id}`;
    const entry = await postEntryInTx(tx, deps, r.orgId, budgetId, actorId, { kind: 'consume', amountMinor: c.amountMinor, ref: c.ref, idempotencyKey: key });
    if (!entry.ok) return entry;
  }
  // Close the applications: whatever their freezes still hold goes back to the budget.
  const released: { applicationId: string; minor: number }[] = [];
  if (!details.keepApplicationsOpen) {
    for (const a of apps) {
      for (const budgetId of await budgetsFrozenFor(tx, r.orgId, 'request', a.id)) {
        const left = outstandingFreeze(await entriesForRef(tx, r.orgId, budgetId, 'request', a.id), { type: 'request', id: a.id });
        if (left <= 0) continue;
        const entry = await postEntryInTx(tx, deps, r.orgId, budgetId, actorId, { kind: 'release', amountMinor: left, ref: { type: 'request', id: a.id }, idempotencyKey: `close:${a.id}` });
        if (!entry.ok) return entry;
        released.push({ applicationId: a.id, minor: left });
      }
      await updateRequestLifecycle(tx, r.orgId, a.id, { phase: 'completed', details: { closedBy: r.id } }, now);
      if (a.type === 'trip') await enqueue(tx, [statusMessage(r.orgId, { tripRef: a.id, status: 'completed', at: now.toISOString() })]);
    }
  }
  const settlement = { ...s, released, unbudgeted, currency };
  await updateRequestLifecycle(tx, r.orgId, r.id, { phase: s.payableMinor > 0 ? 'payable' : 'settled', details: { settlement } }, now);
  const offset = s.advanceOffsets.reduce((x, o) => x + o.amountMinor, 0);
  await enqueue(tx, [
    notifyMessage(r.orgId, `settled:${r.id}`, {
      kind: 'ledger',
      employeeId: r.submitterId,
      requestId: r.id,
      event: 'reimbursement_approved',
      lines: [
        { label: { zh: '报销合计', en: 'Claim total' }, minor: s.totalMinor, currency },
        ...(s.companyMinor > 0 ? [{ label: { zh: '其中公司已付', en: 'Paid by the company' }, minor: s.companyMinor, currency }] : []),
        ...(offset > 0 ? [{ label: { zh: '冲抵借款', en: 'Offset against advances' }, minor: offset, currency }] : []),
        { label: { zh: '应付给您', en: 'To be paid to you' }, minor: s.payableMinor, currency },
      ],
    }),
  ]);
  // The ERP voucher of the approved claim, in the same transaction (it waits with the reason if the chart cannot map it).
  await bookReimbursementVoucher(tx, deps, r, lines, { allocations: details.allocations ?? [], total: s.totalMinor, offset, payable: s.payableMinor, currency, date: today }, now);
  const visits = await visitClaimSettled(tx, r, actorId, now);
  if (!visits.ok) return visits;
  await appendAudit(tx, { orgId: r.orgId, actorId, action: 'reimbursement.settled', subjectType: 'request', subjectId: r.id, after: { totalMinor: s.totalMinor, payableMinor: s.payableMinor, offsetMinor: offset, released, consumption: s.consumption.length, currency }, at: now });
  return ok(undefined);
}

/** The budget a consumption goes to: where its application's freeze lives, else the department's budget for today. */
async function budgetFor(tx: Tx, orgId: string, c: Consumption, today: string): Promise<string | undefined> {
  const frozenIn = await budgetsFrozenFor(tx, orgId, 'request', c.ref.id);
  if (frozenIn[0]) return frozenIn[0];
  return (await findBudget(tx, orgId, c.departmentId, c.category, periodsContaining(today)))?.id;
}

const SPECIAL_VAT = new Set(['special', 'electronic_special', 'fully_digital_special']);

/**
 * Books the approved reimbursement's voucher: expenses by category and cost centre (net of the deductible VAT of
 * special VAT invoices, 专票, which goes to input VAT), the advances offset, the payable and what the company paid.
 */
async function bookReimbursementVoucher(
  tx: Tx,
  deps: Deps,
  r: RequestRow,
  lines: Awaited<ReturnType<typeof linesOfReimbursement>>,
  c: { allocations: AllocationInput[]; total: number; offset: number; payable: number; currency: string; date: string },
  now: Date,
): Promise<void> {
  const invoices = new Map((await invoicesByIds(tx, r.orgId, lines.flatMap((l) => (l.invoiceId ? [l.invoiceId] : [])))).map((i) => [i.id, i.data as InvoiceData]));
  const deductible = (l: (typeof lines)[number]): number => {
    const inv = l.invoiceId ? invoices.get(l.invoiceId) : undefined;
    if (!inv || inv.kind !== 'vat' || !inv.vatType || !SPECIAL_VAT.has(inv.vatType) || !inv.tax || inv.tax.currency !== l.currency) return 0;
    return Math.min(Math.max(0, inv.tax.minor), l.amountMinor);
  };
  const split = c.allocations.length > 1 ? allocateCost({ minor: c.total, currency: c.currency }, c.allocations, r.departmentId) : ok([{ departmentId: c.allocations[0]?.departmentId ?? r.departmentId, amountMinor: c.total }]);
  const input: VoucherToBook['input'] = split.ok
    ? {
        kind: 'reimbursement_approved',
        booking: {
        reimbursementId: r.id,
        ...(r.number ? { number: r.number } : {}),
        date: c.date,
        currency: c.currency,
        lines: lines.map((l) => ({ category: l.category, amountMinor: l.amountMinor, deductibleVatMinor: deductible(l), paidBy: l.paidBy as 'personal' | 'company' })),
        allocations: split.value,
        advanceOffsetMinor: c.offset,
        payableMinor: c.payable,
        },
      }
    : split;
  await bookVoucher(tx, deps.ids, r.orgId, { kind: 'reimbursement_approved', source: { type: 'reimbursement', id: r.id }, date: c.date, memo: `报销 ${r.number ?? r.id}` }, input, now);
}
