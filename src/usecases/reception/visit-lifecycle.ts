// What an approval decision does to a visit, inside the approval's transaction: approved, its estimate is frozen in
// the department's hospitality budget of the visit's month (BUDGET.EXCEEDED refuses the approval when the budget
// forbids overrun) and each visitor gets the random id their invitation code will name; rejected or withdrawn, the
// visit closes. Each visitor with a mobile is texted the invitation link (outbox, invitations.ts). A recurring visit's
// request carries one visit per occurrence: each is frozen in its own month's budget and gets its own invitations;
// the decision applies to all of them. An advance the host asked for becomes theirs, with its payable
// (visit-advance.ts), once per request.
import { randomBytes } from 'node:crypto';
import type { Tx } from '../../../db/database.js';
import { updateRequestLifecycle, type RequestRow } from '../../../db/repos/approvals.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { findBudget } from '../../../db/repos/budgets.js';
import { moveVisit, setInvitationIds, visitsOfRequest, visitorsOf, type VisitRow } from '../../../db/repos/reception.js';
import { periodsContaining } from '../../../domain/budget/index.js';
import { ok, type Clock, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import { postEntryInTx } from '../budgets.js';
import { localDate, orgTimeZone } from '../org-time.js';
import { queueInvitations } from './invitations.js';
import { visitStaffOnApproval } from './visit-reminders.js';
import { visitAdvanceApproved } from './visit-advance.js';

interface Decided {
  request: RequestRow;
  actorId: string;
  now: Date;
}

export async function visitApproved(tx: Tx, deps: { clock: Clock; ids: IdGenerator; payableTermsDays?: number }, d: Decided): Promise<Result<void>> {
  const r = d.request;
  const visits: VisitRow[] = [];
  for (const v of await visitsOfRequest(tx, r.orgId, r.id)) if (await moveVisit(tx, r.orgId, v.id, 'pending', 'approved', d.now)) visits.push(v);
  if (visits.length === 0) return ok(undefined);
  const series = visits[0]!.seriesId !== null;
  const zone = await orgTimeZone(tx, r.orgId);
  const frozen: { budgetId: string; minor: number; visitId: string }[] = [];
  if (r.amountMinor && r.currency) {
    for (const visit of visits) {
      // A single visit freezes the request's amount, as it always has; an occurrence its own estimate, in its month.
      const minor = series ? visit.estimateMinor : r.amountMinor;
      if (minor <= 0) continue;
      const budget = await findBudget(tx, r.orgId, r.departmentId, r.category ?? 'hospitality', periodsContaining(localDate(visit.startsAt, zone)));
      if (budget) frozen.push({ budgetId: budget.id, minor, visitId: visit.id });
    }
    // Budgets in id order (as a claim's settlement takes them), so two transactions on the same two never deadlock.
    for (const f of [...frozen].sort((a, b) => a.budgetId.localeCompare(b.budgetId))) {
      const entry = await postEntryInTx(tx, deps, r.orgId, f.budgetId, d.actorId, { kind: 'freeze', amountMinor: f.minor, ref: { type: 'request', id: r.id }, idempotencyKey: series ? `approve:${r.id}:${f.visitId}` : `approve:${r.id}` });
      if (!entry.ok) return entry;
    }
  }
  let invitations = 0;
  let texted = 0;
  for (const [i, visit] of visits.entries()) {
    // 128 random bits each: the invitation code names this id and nothing about the person.
    const people = await visitorsOf(tx, r.orgId, visit.id);
    await setInvitationIds(tx, r.orgId, people.filter((p) => !p.invitationId).map((p) => ({ visitorId: p.id, invitationId: randomBytes(16).toString('base64url') })));
    texted += await queueInvitations(tx, r.orgId, people);
    invitations += people.length;
    // The host, companions and reception desk get the schedule (visit-reminders.ts): once for a series (its first
    // occurrence), each occurrence being reminded before it starts like any visit.
    if (i === 0) await visitStaffOnApproval(tx, r.orgId, visit.id);
  }
  const advance = await visitAdvanceApproved(tx, deps, r, visits[0]!.hostId, d.actorId, d.now);
  const lifecycle = series ? { frozenByOccurrence: frozen } : frozen[0] ? { frozen: { budgetId: frozen[0].budgetId, minor: frozen[0].minor } } : {};
  await updateRequestLifecycle(tx, r.orgId, r.id, { phase: 'approved', details: lifecycle }, d.now);
  for (const visit of visits) {
    const own = frozen.find((f) => f.visitId === visit.id);
    await appendAudit(tx, { orgId: r.orgId, actorId: d.actorId, action: 'visit.approved', subjectType: 'visit', subjectId: visit.id, after: { requestId: r.id, frozen: own ? { budgetId: own.budgetId, minor: own.minor } : null, ...(series ? { seriesId: visit.seriesId, occurrence: visit.occurrence } : { invitations, texted }), advance: advance ?? null }, at: d.now });
  }
  return ok(undefined);
}

export async function visitClosed(tx: Tx, d: Decided & { status: 'rejected' | 'withdrawn' }): Promise<Result<void>> {
  const r = d.request;
  for (const visit of await visitsOfRequest(tx, r.orgId, r.id)) {
    if (await moveVisit(tx, r.orgId, visit.id, 'pending', d.status, d.now)) {
      await appendAudit(tx, { orgId: r.orgId, actorId: d.actorId, action: `visit.${d.status}`, subjectType: 'visit', subjectId: visit.id, after: { requestId: r.id }, at: d.now });
    }
  }
  return ok(undefined);
}
