// Advances (借款) and reimbursements (报销): submitting them for approval, and repaying an advance.
import { checkClientRef } from '../idempotency.js';
import { employeeActor, requireRole } from '../authorise.js';
import type { Db } from '../../../db/database.js';
import { findRequestByClientRef, getRequest } from '../../../db/repos/approvals.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { getAdvance, insertAdvance, insertMovement, updateAdvance } from '../../../db/repos/advances.js';
import { lockLines, updateLine } from '../../../db/repos/expense-lines.js';
import { listPolicyRules } from '../../../db/repos/policy.js';
import { applyAdvanceMovement, type AdvanceStatus } from '../../../domain/advance/index.js';
import { budgetCategoryOf } from '../../../domain/expense/index.js';
import { evaluatePolicy, expenseRules, travelRules, tripDays, tripNights, type Violation } from '../../../domain/policy/index.js';
import { getEmployee } from '../../../db/repos/org.js';
import { travelContext, tripFactsOf } from '../trip-policy.js';
import { allocateCost, type AllocationInput } from '../../../domain/reimbursement/index.js';
import { domainError, err, ok, type Clock, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import { orgDate } from '../org-time.js';
import { effectsOfApprovalAtSubmission, submitInTx, type SubmitResult } from '../submit-request.js';
import { command } from '../unit-of-work.js';
import { attributeToVisits, linkVisitsInTx, visitsForClaim } from '../reception/claim-link.js';

type Deps = { db: Db; clock: Clock; ids: IdGenerator };

export interface AdvanceInput {
  submitterId: string;
  amount: { minor: number; currency: string };
  purpose: string;
  /** The trip or reception the money is for. */
  applicationId?: string;
  clientRef?: string;
}

/** Requests an advance: an approval request plus the advance record, pending until approved. */
export function requestAdvance(deps: Deps, orgId: string, input: AdvanceInput): Promise<Result<SubmitResult>> {
  return command<SubmitResult>(deps.db, async (tx) => {
    if (input.applicationId) {
      const app = await getRequest(tx, orgId, input.applicationId);
      if (!app || app.submitterId !== input.submitterId || !['pending', 'approved'].includes(app.status))
        return err(domainError('ADVANCE.INVALID', `applicationId: ${input.applicationId} is not an open request of this employee`, { field: 'applicationId' }));
    }
    const submitted = await submitInTx(tx, deps, orgId, {
      type: 'advance',
      submitterId: input.submitterId,
      title: `借款 Advance: ${input.purpose}`,
      amount: input.amount,
      details: { purpose: input.purpose, ...(input.applicationId ? { applicationId: input.applicationId } : {}) },
      ...(input.clientRef ? { clientRef: input.clientRef } : {}),
    });
    if (!submitted.ok || submitted.value.replayed) return submitted;
    const now = deps.clock.now();
    await insertAdvance(tx, { id: submitted.value.request.id, orgId, employeeId: input.submitterId, applicationId: input.applicationId ?? null, amountMinor: input.amount.minor, outstandingMinor: 0, currency: input.amount.currency, status: 'pending', createdAt: now, updatedAt: now });
    const effects = await effectsOfApprovalAtSubmission(tx, deps, orgId, submitted.value);
    return effects.ok ? submitted : effects;
  });
}

/** Records that the employee paid back (part of) an advance. Finance records it; never more than is outstanding. */
export function repayAdvance(deps: Deps, orgId: string, advanceId: string, actorId: string, amount: { minor: number; currency: string }, reference: string): Promise<Result<{ outstandingMinor: number; status: string; replayed: boolean }>> {
  return command<{ outstandingMinor: number; status: string; replayed: boolean }>(deps.db, async (tx) => {
    const allowed = await requireRole(tx, orgId, employeeActor(actorId), ['finance'], 'recording a repayment');
    if (!allowed.ok) return allowed;
    const a = await getAdvance(tx, orgId, advanceId, true);
    if (!a) return err(domainError('NOT_FOUND', `no advance ${advanceId}`));
    const moved = applyAdvanceMovement({ id: a.id, status: a.status as AdvanceStatus, amountMinor: a.amountMinor, outstandingMinor: a.outstandingMinor, currency: a.currency }, { kind: 'repayment', amountMinor: amount.minor, currency: amount.currency });
    const now = deps.clock.now();
    const first = await insertMovement(tx, { id: deps.ids.next('adm'), orgId, advanceId, kind: 'repayment', amountMinor: amount.minor, refId: reference, at: now });
    if (!first) return ok({ outstandingMinor: a.outstandingMinor, status: a.status, replayed: true });
    if (!moved.ok) return moved;
    await updateAdvance(tx, orgId, a.id, { outstandingMinor: moved.value.outstandingMinor, status: moved.value.status }, now);
    await appendAudit(tx, { orgId, actorId, action: 'advance.repay', subjectType: 'advance', subjectId: a.id, before: { outstandingMinor: a.outstandingMinor }, after: { outstandingMinor: moved.value.outstandingMinor, reference }, at: now });
    return ok({ outstandingMinor: moved.value.outstandingMinor, status: moved.value.status, replayed: false });
  });
}

export interface ReimbursementInput {
  submitterId: string;
  title?: string;
  lineIds: string[];
  /** Approved trips or receptions this claim settles (lines tagged to one link it too). */
  applicationIds?: string[];
  /** Visits (receptions) this claim pays for: their freezes are consumed and released on approval (reception/claim-link.ts). */
  visitIds?: string[];
  allocations?: AllocationInput[];
  justification?: string;
  clientRef?: string;
}

/**
 * Claims open lines of the employee in one reimbursement: checks them (own, open, one currency), checks policy again
 * line by line, checks the allocation, submits for approval and marks the lines claimed — one transaction.
 */
export function submitReimbursement(deps: Deps, orgId: string, input: ReimbursementInput): Promise<Result<SubmitResult>> {
  return command<SubmitResult>(deps.db, async (tx) => {
    if (input.clientRef) {
      const same = await checkClientRef(tx, orgId, 'client-ref:reimbursement', input.clientRef, input);
      if (!same.ok) return same;
      const prior = await findRequestByClientRef(tx, orgId, input.clientRef);
      if (prior) return ok({ request: prior, approvalId: prior.approvalId ?? '', violations: (prior.details as { policy?: Violation[] }).policy ?? [], replayed: true });
    }
    const ids = [...new Set(input.lineIds)];
    if (ids.length === 0) return err(domainError('REIMBURSEMENT.INVALID', 'lineIds: a reimbursement needs at least one expense line', { field: 'lineIds' }));
    const lines = await lockLines(tx, orgId, ids);
    const missing = ids.filter((id) => !lines.some((l) => l.id === id));
    if (missing.length) return err(domainError('NOT_FOUND', `lineIds: no expense line ${missing.join(', ')}`, { field: 'lineIds', missing }));
    for (const l of lines) {
      if (l.employeeId !== input.submitterId) return err(domainError('AUTH.FORBIDDEN', `line ${l.id} belongs to another employee`, { lineId: l.id }));
      if (l.status === 'draft') return err(domainError('EXPENSE.NOT_EDITABLE', `line ${l.id} is a draft: confirm it first`, { lineId: l.id }));
      if (l.status !== 'open') return err(domainError('EXPENSE.NOT_EDITABLE', `line ${l.id} is ${l.status}${l.reimbursementId ? ` in ${l.reimbursementId}` : ''}`, { lineId: l.id, status: l.status }));
    }
    const currency = lines[0]!.currency;
    const foreign = lines.find((l) => l.currency !== currency);
    if (foreign) return err(domainError('REIMBURSEMENT.INVALID', `line ${foreign.id} is in ${foreign.currency}; put lines in ${currency} in this claim and the others in another`, { lineId: foreign.id }));
    const appIds = [...new Set([...(input.applicationIds ?? []), ...lines.flatMap((l) => (l.applicationId ? [l.applicationId] : []))])];
    // Visits are claimed by their host or companions (not only the submitter of their request): checked apart.
    const visits = await visitsForClaim(tx, orgId, input.submitterId, input.visitIds ?? [], appIds, currency);
    if (!visits.ok) return visits;
    const visitRequests = new Set(visits.value.map((v) => v.requestId));
    const apps = [];
    for (const id of visitRequests) {
      const app = await getRequest(tx, orgId, id);
      if (!app || app.status !== 'approved' || app.phase === 'cancelled') return err(domainError('REIMBURSEMENT.INVALID', `visitIds: the approval of visit ${id} is not open`, { field: 'visitIds' }));
      apps.push(app);
      if (!appIds.includes(id)) appIds.push(id);
    }
    const attribution = attributeToVisits(lines.map((l) => ({ id: l.id, category: l.category, amountMinor: l.amountMinor, currency: l.currency, applicationId: l.applicationId, invoiceId: l.invoiceId })), visits.value, currency);
    if (!attribution.ok) return attribution;
    for (const id of appIds.filter((x) => !visitRequests.has(x))) {
      const app = await getRequest(tx, orgId, id);
      if (!app || app.submitterId !== input.submitterId || app.status !== 'approved' || app.phase === 'cancelled')
        return err(domainError('REIMBURSEMENT.INVALID', `applicationIds: ${id} is not an approved, open request of this employee`, { field: 'applicationIds', applicationId: id }));
      apps.push(app);
    }
    const total = lines.reduce((s, l) => s + l.amountMinor, 0);
    const allocation = allocateCost({ minor: total, currency }, input.allocations ?? [], lines[0]!.departmentId);
    if (!allocation.ok) return allocation;

    // Policy again, line by line (the facts may differ from what the application said).
    const today = await orgDate(tx, orgId, deps.clock.now());
    const rules = (await listPolicyRules(tx, orgId)).filter((r) => Object.hasOwn(expenseRules, r.kind));
    const violations: Violation[] = lines.flatMap((l) =>
      evaluatePolicy(expenseRules, rules, { category: l.category, amount: { minor: l.amountMinor, currency: l.currency }, date: l.date, today, hasInvoice: l.invoiceId !== null || l.paidBy === 'company', ...(l.merchant ? { merchant: l.merchant } : {}) }).violations.map((v) => ({
        ...v,
        details: { ...v.details, lineId: l.id },
        message: { zh: `${l.description ?? l.category}：${v.message.zh}`, en: `${l.description ?? l.category}: ${v.message.en}` },
      })),
    );
    // Trip lines against the travel standards: hotel nights against the city's cap, per diem against the allowance.
    const all = await listPolicyRules(tx, orgId);
    const travel = all.filter((r) => r.kind === 'hotel_cap' || r.kind === 'per_diem');
    const grade = (await getEmployee(tx, orgId, input.submitterId))?.grade ?? 0;
    for (const app of apps) {
      const trip = app.type === 'trip' ? tripFactsOf(app.details) : undefined;
      if (!trip?.destination || !trip.departDate || !trip.returnDate || travel.length === 0) continue;
      const mine = lines.filter((l) => l.applicationId === app.id);
      const nights = Math.max(1, tripNights(trip.departDate, trip.returnDate));
      const where = { destination: trip.destination, departDate: trip.departDate, returnDate: trip.returnDate };
      const ctx = travelContext(where, grade, today, {
        hotels: mine.filter((l) => l.category === 'hotel').map((l) => ({ city: where.destination, checkIn: where.departDate, checkOut: where.returnDate, nightly: { minor: Math.floor(l.amountMinor / nights), currency: l.currency } })),
        perDiem: mine.filter((l) => l.category === 'per_diem').map((l) => ({ city: where.destination, days: tripDays(where.departDate, where.returnDate), claimed: { minor: l.amountMinor, currency: l.currency } })),
      });
      violations.push(...evaluatePolicy(travelRules, travel, ctx).violations);
    }
    const byCategory = new Map<string, number>();
    for (const l of lines) {
      const c = budgetCategoryOf(l, l.applicationId ? (apps.find((a) => a.id === l.applicationId)?.category ?? 'travel') : undefined);
      byCategory.set(c, (byCategory.get(c) ?? 0) + l.amountMinor);
    }
    const category = [...byCategory.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const submitted = await submitInTx(tx, deps, orgId, {
      type: 'reimbursement',
      submitterId: input.submitterId,
      title: input.title ?? `报销 Reimbursement: ${lines.length} ${lines.length === 1 ? 'line' : 'lines'}${apps[0] ? ` · ${apps[0].title}` : ''}`,
      amount: { minor: total, currency },
      category,
      details: {
        lineIds: ids,
        applicationIds: appIds,
        allocations: input.allocations ?? [],
        applications: apps.map((a) => ({ id: a.id, number: a.number, title: a.title })),
        ...(attribution.value.length ? { visits: attribution.value.map((a) => ({ visitId: a.visitId, requestId: a.requestId, attributed: { minor: a.attributedMinor, currency: a.currency }, actual: a.actual })) } : {}),
      },
      violations,
      ...(input.justification ? { justification: input.justification } : {}),
      ...(input.clientRef ? { clientRef: input.clientRef } : {}),
    });
    if (!submitted.ok) return submitted;
    const now = deps.clock.now();
    for (const l of lines) await updateLine(tx, orgId, l.id, { status: 'claimed', reimbursementId: submitted.value.request.id }, now);
    const linked = await linkVisitsInTx(tx, orgId, input.submitterId, submitted.value.request.id, attribution.value, now);
    if (!linked.ok) return linked;
    await appendAudit(tx, { orgId, actorId: input.submitterId, action: 'reimbursement.submit', subjectType: 'request', subjectId: submitted.value.request.id, after: { lines: ids.length, totalMinor: total, currency, applications: appIds }, at: now });
    const effects = await effectsOfApprovalAtSubmission(tx, deps, orgId, submitted.value);
    return effects.ok ? submitted : effects;
  });
}
