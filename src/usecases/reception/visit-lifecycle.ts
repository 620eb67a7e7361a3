// What an approval decision does to a visit, inside the approval's transaction: approved, its estimate is frozen in
// the department's hospitality budget of the visit's month (BUDGET.EXCEEDED refuses the approval when the budget
// forbids overrun) and each visitor gets the random id their invitation code will name; rejected or withdrawn, the
// visit closes. Each visitor with a mobile is texted the invitation link (outbox, invitations.ts). An advance the host
// asked for becomes theirs, with its payable (visit-advance.ts).
import { randomBytes } from 'node:crypto';
import type { Tx } from '../../../db/database.js';
import { updateRequestLifecycle, type RequestRow } from '../../../db/repos/approvals.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { findBudget } from '../../../db/repos/budgets.js';
import { moveVisit, setInvitationIds, visitOfRequest, visitorsOf } from '../../../db/repos/reception.js';
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
  const visit = await visitOfRequest(tx, r.orgId, r.id);
  if (!visit || !(await moveVisit(tx, r.orgId, visit.id, 'pending', 'approved', d.now))) return ok(undefined);
  let frozen: { budgetId: string; minor: number } | undefined;
  if (r.amountMinor && r.currency) {
    const day = localDate(visit.startsAt, await orgTimeZone(tx, r.orgId));
    const budget = await findBudget(tx, r.orgId, r.departmentId, r.category ?? 'hospitality', periodsContaining(day));
    if (budget) {
      const entry = await postEntryInTx(tx, deps, r.orgId, budget.id, d.actorId, { kind: 'freeze', amountMinor: r.amountMinor, ref: { type: 'request', id: r.id }, idempotencyKey: `approve:${r.id}` });
      if (!entry.ok) return entry;
      frozen = { budgetId: budget.id, minor: r.amountMinor };
    }
  }
  // 128 random bits each: the invitation code names this id and nothing about the person.
  const people = await visitorsOf(tx, r.orgId, visit.id);
  await setInvitationIds(tx, r.orgId, people.filter((p) => !p.invitationId).map((p) => ({ visitorId: p.id, invitationId: randomBytes(16).toString('base64url') })));
  const texted = await queueInvitations(tx, r.orgId, people);
  // The host, companions and reception desk get the schedule (visit-reminders.ts).
  await visitStaffOnApproval(tx, r.orgId, visit.id);
  const advance = await visitAdvanceApproved(tx, deps, r, visit.hostId, d.actorId, d.now);
  await updateRequestLifecycle(tx, r.orgId, r.id, { phase: 'approved', details: { ...(frozen ? { frozen } : {}) } }, d.now);
  await appendAudit(tx, { orgId: r.orgId, actorId: d.actorId, action: 'visit.approved', subjectType: 'visit', subjectId: visit.id, after: { requestId: r.id, frozen: frozen ?? null, invitations: people.length, texted, advance: advance ?? null }, at: d.now });
  return ok(undefined);
}

export async function visitClosed(tx: Tx, d: Decided & { status: 'rejected' | 'withdrawn' }): Promise<Result<void>> {
  const r = d.request;
  const visit = await visitOfRequest(tx, r.orgId, r.id);
  if (visit && (await moveVisit(tx, r.orgId, visit.id, 'pending', d.status, d.now))) {
    await appendAudit(tx, { orgId: r.orgId, actorId: d.actorId, action: `visit.${d.status}`, subjectType: 'visit', subjectId: visit.id, after: { requestId: r.id }, at: d.now });
  }
  return ok(undefined);
}
