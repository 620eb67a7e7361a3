// Completing or correcting a visitor's details after registration. A group registered by one name ("王强等3人") holds
// placeholders the host names later; a mobile given after approval gets the invitation text then, and a changed one a
// fresh invitation id, so the link texted to the old number no longer opens the gate. The watchlist is asked again
// with the new details. Until the visitor is in: once the gate has let them in, the record stays as the gate saw it.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { enqueue } from '../../../db/repos/outbox.js';
import { getVisit, lockVisitor, updateVisitorDetails } from '../../../db/repos/reception.js';
import { VisitorSchema, type Visitor } from '../../../domain/reception/index.js';
import { domainError, err, ok, type Clock, type DomainError, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import type { SecretBox } from '../../secrets.js';
import { requireRole, type Actor } from '../authorise.js';
import { command } from '../unit-of-work.js';
import { smsMessage } from './invitations.js';
import { visitView, type VisitorView } from './visits.js';
import { numberMacs, watchlistHit } from './watchlist.js';

/** What may change: any of a visitor's details, at least one. */
export const VisitorChangeSchema = VisitorSchema.partial()
  .strict()
  .refine((c) => Object.keys(c).length > 0, { message: 'name, company, title, mobile or idNumber: say what changes', path: ['name'] });

const masked = (v: { name: string; company?: string | null; title?: string | null; mobileLast4?: string | null; idLast4?: string | null }) => ({
  name: v.name,
  company: v.company ?? null,
  title: v.title ?? null,
  mobile: v.mobileLast4 ? `****${v.mobileLast4}` : null,
  idNumber: v.idLast4 ? `****${v.idLast4}` : null,
});

/**
 * Changes a visitor's details: the host, their staff or the reception desk; while the visit is pending or approved,
 * not over, and the visitor not in yet (RECEPTION.VISIT_CLOSED otherwise).
 */
export async function changeVisitor(deps: { db: Db; clock: Clock; ids: IdGenerator; box: SecretBox }, orgId: string, actor: Actor, visitId: string, visitorId: string, raw: unknown): Promise<Result<VisitorView>> {
  const parsed = VisitorChangeSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return err(domainError('VALIDATION.INVALID', `${issue.path.join('.') || 'visitor'}: ${issue.message}`, { field: issue.path.join('.') }));
  }
  const change = parsed.data;
  const r = await command(deps.db, async (tx): Promise<Result<VisitorView | { refused: DomainError }>> => {
    const stored = await getVisit(tx, orgId, visitId);
    if (!stored) return err(domainError('NOT_FOUND', `no visit ${visitId}`));
    const { visit } = stored;
    const own = actor.kind === 'employee' && (actor.id === visit.hostId || visit.companions.includes(actor.id));
    if (!own) {
      const allowed = await requireRole(tx, orgId, actor, ['reception'], "changing someone else's visitor");
      if (!allowed.ok) return allowed;
    }
    const v = await lockVisitor(tx, orgId, visitId, visitorId);
    if (!v) return err(domainError('NOT_FOUND', `no visitor ${visitorId} in visit ${visitId}`));
    const now = deps.clock.now();
    if (!['pending', 'approved'].includes(visit.status) || visit.endsAt.getTime() <= now.getTime() || v.checkedInAt || v.purgedAt || v.revokedAt)
      return err(
        domainError(
          'RECEPTION.VISIT_CLOSED',
          v.checkedInAt ? 'the visitor is in already: their details stay as the gate saw them' : v.revokedAt ? "the visitor's invitation was withdrawn" : `the visit is ${visit.endsAt.getTime() <= now.getTime() || visit.status === 'done' ? 'over' : visit.status}`,
        ),
      );
    const oldMobile = v.mobileEnc ? deps.box.decrypt(v.mobileEnc) : undefined;
    const oldId = v.idNumberEnc ? deps.box.decrypt(v.idNumberEnc) : undefined;
    const next: Visitor = {
      name: change.name ?? v.name,
      ...((change.company ?? v.company) ? { company: change.company ?? v.company! } : {}),
      ...((change.title ?? v.title) ? { title: change.title ?? v.title! } : {}),
      ...((change.mobile ?? oldMobile) ? { mobile: change.mobile ?? oldMobile! } : {}),
      ...((change.idNumber ?? oldId) ? { idNumber: change.idNumber ?? oldId! } : {}),
    };
    const mobileChanged = change.mobile !== undefined && change.mobile !== oldMobile;
    if (mobileChanged && stored.visitors.some((o) => o.id !== v.id && o.mobileEnc && deps.box.decrypt(o.mobileEnc) === change.mobile))
      return err(domainError('VALIDATION.INVALID', 'another visitor of this visit has that mobile number', { field: 'mobile' }));
    const hit = await watchlistHit(tx, deps.box, orgId, next);
    if (hit) {
      await appendAudit(tx, { orgId, actorId: actor.id, action: 'watchlist.hit', subjectType: 'watchlist', subjectId: hit.id, after: { at: 'visitor_change', visitorId }, at: now });
      return ok({ refused: domainError('RECEPTION.WATCHLISTED', `${next.name} is on the watchlist: the visitor cannot be changed to them`, { field: 'name' }) });
    }
    // A new number after approval: a fresh invitation id (the old link stops opening the gate) and the text to it.
    const reinvite = mobileChanged && visit.status === 'approved';
    const invitationId = reinvite && v.invitationId ? randomBytes(16).toString('base64url') : v.invitationId;
    const set = {
      name: next.name,
      company: next.company ?? null,
      title: next.title ?? null,
      mobileEnc: next.mobile ? (mobileChanged ? deps.box.encrypt(next.mobile) : v.mobileEnc) : null,
      mobileLast4: next.mobile ? next.mobile.slice(-4) : null,
      idNumberEnc: next.idNumber ? (change.idNumber !== undefined && change.idNumber !== oldId ? deps.box.encrypt(next.idNumber) : v.idNumberEnc) : null,
      idLast4: next.idNumber ? next.idNumber.slice(-4) : null,
      ...numberMacs(deps.box, next),
      invitationId,
    };
    await updateVisitorDetails(tx, orgId, visitorId, set);
    if (reinvite) await enqueue(tx, [smsMessage(orgId, visitorId, 'visit_invitation', oldMobile ? deps.ids.next('inv') : undefined)]);
    await appendAudit(tx, { orgId, actorId: actor.id, action: 'visitor.changed', subjectType: 'visitor', subjectId: visitorId, before: masked(v), after: { ...masked(set), reinvited: reinvite }, at: now });
    return ok(visitView(visit, [{ ...v, ...set }]).visitors[0]!);
  });
  return r.ok && 'refused' in r.value ? err(r.value.refused) : (r as Result<VisitorView>);
}
