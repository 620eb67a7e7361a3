// Registering a visit and reading it back; sites where visitors come. A visit is stored with its visitors (mobile and
// ID numbers encrypted, the last four kept) and routed for approval as a request of type `visit` in the same
// transaction: its estimate is checked against the reception standards (each excess a warning on the card, to be
// justified) and weighed against the department's hospitality budget.
import type { Db, Tx } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { getEmployee } from '../../../db/repos/org.js';
import { getSite, getVisit, insertVisit, listSites, saveSite, visitOfRequest, type SiteRow, type VisitorRow, type VisitRow } from '../../../db/repos/reception.js';
import type { Violation } from '../../../domain/policy/index.js';
import { checkReception, checkVisit, checkVisitAdvance, DEFAULT_RECEPTION_STANDARDS, partySize, VisitRegistrationSchema, type ReceptionViolation } from '../../../domain/reception/index.js';
import { domainError, err, ok, type Clock, type DomainError, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import { numberMacs, watchlistHit } from './watchlist.js';
import type { SecretBox } from '../../secrets.js';
import { requireRole, type Actor } from '../authorise.js';
import { effectsOfApprovalAtSubmission, submitInTx, type SubmitConfig, type SubmitResult } from '../submit-request.js';
import { command } from '../unit-of-work.js';
import { localDate, orgTimeZone } from '../org-time.js';
import { z } from 'zod';
import { visitCardDetails } from './visit-card-details.js';
import { visitAdvanceOf, visitAdvanceStanding, type VisitAdvanceView } from './visit-advance.js';
import { getRequest } from '../../../db/repos/approvals.js';

export interface ReceptionDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  box: SecretBox;
  config?: SubmitConfig;
}

/** A visitor as cards, pages and the API show them: numbers masked to their last four. */
export interface VisitorView {
  id: string;
  name: string;
  company?: string;
  title?: string;
  mobile?: string;
  idNumber?: string;
  checkedInAt?: string;
  checkedOutAt?: string;
}

/** Where a visit stands. */
export type VisitStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'done';

export interface VisitView {
  id: string;
  requestId: string;
  status: VisitStatus;
  hostId: string;
  companions: string[];
  siteId: string;
  level: string;
  purpose: string;
  start: string;
  end: string;
  resources: string[];
  estimate: Record<string, number>;
  estimateTotal: { minor: number; currency: string };
  visitors: VisitorView[];
  /** The advance (借款) to the host asked for with the visit, and once approved where it stands. */
  advance?: VisitAdvanceView;
}

const masked = (last4: string | null) => (last4 ? `****${last4}` : undefined);

export function visitView(v: VisitRow, people: readonly VisitorRow[], advance?: VisitAdvanceView): VisitView {
  return {
    id: v.id,
    requestId: v.requestId,
    status: v.status as VisitStatus,
    hostId: v.hostId,
    companions: v.companions,
    siteId: v.siteId,
    level: v.level,
    purpose: v.purpose,
    start: v.startsAt.toISOString(),
    end: v.endsAt.toISOString(),
    resources: v.resources as string[],
    estimate: v.estimate as Record<string, number>,
    estimateTotal: { minor: v.estimateMinor, currency: v.currency },
    visitors: people.map((p) => ({
      id: p.id,
      name: p.name,
      ...(p.company ? { company: p.company } : {}),
      ...(p.title ? { title: p.title } : {}),
      ...(masked(p.mobileLast4) ? { mobile: masked(p.mobileLast4)! } : {}),
      ...(masked(p.idLast4) ? { idNumber: masked(p.idLast4)! } : {}),
      ...(p.checkedInAt ? { checkedInAt: p.checkedInAt.toISOString() } : {}),
      ...(p.checkedOutAt ? { checkedOutAt: p.checkedOutAt.toISOString() } : {}),
    })),
    ...(advance ? { advance } : {}),
  };
}

/** A standards excess as the approval card's warning, with the facts. */
export function asViolation(v: ReceptionViolation, currency: string): Violation {
  const names: Record<string, { zh: string; en: string }> = { visit: { zh: '接待', en: 'visit' }, meal: { zh: '餐饮', en: 'meals' }, alcohol: { zh: '酒水', en: 'alcohol' }, lodging: { zh: '住宿', en: 'lodging' }, transport: { zh: '交通', en: 'transport' }, gift: { zh: '礼品', en: 'gifts' } };
  const n = names[v.type] ?? { zh: v.type, en: v.type };
  const amt = (m: number) => (m / 100).toFixed(2);
  return {
    ruleId: `reception:${v.type}`,
    code: 'POLICY.RECEPTION_OVER_STANDARD',
    severity: 'warn',
    message: {
      zh: `${n.zh}预计 ${amt(v.estimateMinor)} ${currency}，超出接待标准 ${amt(v.limitMinor)} ${currency}（${v.basis === 'per_person' ? '按人数' : '按次'}）`,
      en: `${n.en} estimated at ${currency} ${amt(v.estimateMinor)}, over the reception standard of ${currency} ${amt(v.limitMinor)} (${v.basis === 'per_person' ? 'per person' : 'per event'})`,
    },
    details: { ...v, currency },
  };
}

/**
 * Registers a visit for approval. The host, their staff and an employee holding the reception role may register it;
 * the host and companions must be active employees, the site one of the organisation's, the window still ahead.
 */
export async function registerVisit(deps: ReceptionDeps, orgId: string, actor: Actor, raw: unknown, opts: { walkIn?: boolean } = {}): Promise<Result<{ visit: VisitView; submitted: SubmitResult }>> {
  const parsed = VisitRegistrationSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return err(domainError('VALIDATION.INVALID', `${issue.path.join('.') || 'visit'}: ${issue.message}`, { field: issue.path.join('.') }));
  }
  const r = await command(deps.db, async (tx): Promise<Result<{ visit: VisitView; submitted: SubmitResult } | { refused: DomainError }>> => {
    const now = deps.clock.now();
    const checked = checkVisit(parsed.data, now);
    if (!checked.ok) return checked;
    const v = checked.value;
    const own = actor.kind === 'employee' && (actor.id === v.hostId || v.companions.includes(actor.id));
    if (!own || opts.walkIn) {
      // A walk-in is registered by the guard at the gate; anyone else's visit by the reception desk.
      const allowed = await requireRole(tx, orgId, actor, opts.walkIn ? ['guard', 'reception'] : ['reception'], opts.walkIn ? 'registering a walk-in visitor' : "registering someone else's visit");
      if (!allowed.ok) return allowed;
    }
    const staff = [];
    for (const id of [v.hostId, ...v.companions]) {
      const e = await getEmployee(tx, orgId, id);
      if (!e?.active) return err(domainError('ORG.UNKNOWN_EMPLOYEE', `no active employee ${id}`, { field: id === v.hostId ? 'hostId' : 'companions' }));
      staff.push(e);
    }
    const staffNames = staff.map((e) => e.name);
    const site = await getSite(tx, orgId, v.siteId);
    if (!site) return err(domainError('NOT_FOUND', `no site ${v.siteId}`, { field: 'siteId' }));
    for (const [i, x] of v.visitors.entries()) {
      const hit = await watchlistHit(tx, deps.box, orgId, x);
      if (hit) {
        await appendAudit(tx, { orgId, actorId: actor.id, action: 'watchlist.hit', subjectType: 'watchlist', subjectId: hit.id, after: { at: 'registration', visitor: i }, at: now });
        // The registration is refused, but the hit itself is kept: security wants to know who tried.
        return ok({ refused: domainError('RECEPTION.WATCHLISTED', `visitor ${i + 1} (${x.name}) is on the watchlist: the visit cannot be registered`, { field: `visitors.${i}` }) } as const);
      }
    }
    const standards = DEFAULT_RECEPTION_STANDARDS;
    const reception = checkReception(standards, v.estimate, v.level, partySize(v));
    if (!reception.ok) return reception;
    const advance = checkVisitAdvance(v, reception.value);
    if (!advance.ok) return advance;
    // A walk-in is the guard's request for the host's yes at the gate: nothing to pay out.
    if (advance.value && opts.walkIn) return err(domainError('VALIDATION.INVALID', 'advance: a walk-in visit carries no advance', { field: 'advance' }));
    const visitDay = localDate(v.start, await orgTimeZone(tx, orgId));
    // The approver weighs the advance against the hospitality budget and what the host already owes.
    const standing = advance.value ? { advance: advance.value, ...(await visitAdvanceStanding(tx, orgId, v.hostId, staff[0]!.departmentId, visitDay)) } : {};
    const visitId = deps.ids.next('vis');
    const company = v.visitors.find((x) => x.company)?.company;
    const names = v.visitors.map((x) => x.name).join('、');
    const submitted = await submitInTx(tx, deps, orgId, {
      type: 'visit',
      // A walk-in is the guard's request for the host's yes (the host cannot approve their own request).
      submitterId: opts.walkIn ? actor.id : v.hostId,
      title: `来访 Visit: ${company ? `${company} ` : ''}${names}`.slice(0, 200),
      ...(reception.value.totalMinor > 0 ? { amount: { minor: reception.value.totalMinor, currency: reception.value.currency } } : {}),
      category: 'hospitality',
      details: { visit: { date: visitDay, start: v.start.toISOString(), end: v.end.toISOString(), siteId: v.siteId, level: v.level, purpose: v.purpose, visitors: v.visitors.length, ...(company ? { company } : {}), resources: v.resources, estimate: v.estimate, ...visitCardDetails(v, site.name, staffNames.slice(1)), ...standing } },
      violations: reception.value.violations.map((x) => asViolation(x, reception.value.currency)),
      // A walk-in waits at the gate: the host alone decides, on the card in chat.
      ...(opts.walkIn ? { flow: { id: 'walk_in', definition: { name: 'Walk-in visitor', subjectTypes: ['visit'], steps: [{ key: 'host', name: '接待人确认 Host', mode: 'any' as const, approvers: [{ kind: 'person' as const, employeeId: v.hostId }] }] } } } : {}),
      ...(v.justification ? { justification: v.justification } : {}),
      ...(v.clientRef ? { clientRef: v.clientRef } : {}),
    });
    if (!submitted.ok) return submitted;
    if (submitted.value.replayed) {
      const stored = await visitOfRequestView(tx, orgId, submitted.value.request.id);
      return stored ? ok({ visit: stored, submitted: submitted.value }) : err(domainError('NOT_FOUND', 'the visit of this request is gone'));
    }
    await insertVisit(
      tx,
      orgId,
      { id: visitId, requestId: submitted.value.request.id, hostId: v.hostId, companions: v.companions, siteId: v.siteId, level: v.level, purpose: v.purpose, company: company ?? null, startsAt: v.start, endsAt: v.end, resources: v.resources, estimate: v.estimate, estimateMinor: reception.value.totalMinor, currency: reception.value.currency, status: 'pending', createdAt: now, updatedAt: now },
      v.visitors.map((x, i) => ({
        id: `${visitId}_${i + 1}`,
        name: x.name,
        company: x.company ?? null,
        title: x.title ?? null,
        mobileEnc: x.mobile ? deps.box.encrypt(x.mobile) : null,
        mobileLast4: x.mobile ? x.mobile.slice(-4) : null,
        idNumberEnc: x.idNumber ? deps.box.encrypt(x.idNumber) : null,
        idLast4: x.idNumber ? x.idNumber.slice(-4) : null,
        ...numberMacs(deps.box, x),
        createdAt: now,
      })),
    );
    await appendAudit(tx, { orgId, actorId: actor.id, action: 'visit.registered', subjectType: 'visit', subjectId: visitId, after: { requestId: submitted.value.request.id, visitors: v.visitors.length, siteId: v.siteId, start: v.start, end: v.end, estimateMinor: reception.value.totalMinor }, at: now });
    const effects = await effectsOfApprovalAtSubmission(tx, deps, orgId, submitted.value);
    if (!effects.ok) return effects;
    const stored = await getVisit(tx, orgId, visitId);
    return ok({ visit: visitView(stored!.visit, stored!.visitors, await visitAdvanceOf(tx, orgId, submitted.value.request)), submitted: submitted.value });
  });
  return r.ok && 'refused' in r.value ? err(r.value.refused) : (r as Result<{ visit: VisitView; submitted: SubmitResult }>);
}

async function visitOfRequestView(tx: Tx, orgId: string, requestId: string): Promise<VisitView | undefined> {
  const v = await visitOfRequest(tx, orgId, requestId);
  const stored = v ? await getVisit(tx, orgId, v.id) : undefined;
  return stored ? visitView(stored.visit, stored.visitors, await visitAdvanceOf(tx, orgId, await getRequest(tx, orgId, requestId))) : undefined;
}

/** A visit, for its host, companions, the reception desk, guards, finance and admins; another organisation's is NOT_FOUND. */
export async function visitOf(deps: { db: Db }, orgId: string, actor: Actor, id: string): Promise<Result<VisitView>> {
  const stored = await getVisit(deps.db, orgId, id);
  if (!stored) return err(domainError('NOT_FOUND', `no visit ${id}`));
  const mine = actor.kind === 'employee' && (actor.id === stored.visit.hostId || stored.visit.companions.includes(actor.id));
  if (!mine) {
    const allowed = await requireRole(deps.db, orgId, actor, ['reception', 'guard', 'finance'], 'viewing a visit');
    if (!allowed.ok) return allowed;
  }
  return ok(visitView(stored.visit, stored.visitors, await visitAdvanceOf(deps.db, orgId, await getRequest(deps.db, orgId, stored.visit.requestId))));
}

export const SiteInputSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    address: z.string().trim().min(1).max(300),
    rules: z.array(z.string().trim().min(1).max(300)).max(20).default([]),
    deskIds: z.array(z.string().min(1).max(64)).max(20).default([]),
  })
  .strict();

export interface SiteView {
  id: string;
  name: string;
  address: string;
  rules: string[];
  deskIds: string[];
}

const siteView = (s: SiteRow): SiteView => ({ id: s.id, name: s.name, address: s.address, rules: s.rules as string[], deskIds: s.deskIds });

/** Creates or replaces a site (admins, or the reception role); its desk must be active employees. */
export function putSite(deps: { db: Db; clock: Clock }, orgId: string, actor: Actor, id: string, raw: unknown): Promise<Result<SiteView>> {
  const parsed = SiteInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return Promise.resolve(err(domainError('VALIDATION.INVALID', `${issue.path.join('.') || 'site'}: ${issue.message}`, { field: issue.path.join('.') })));
  }
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(id)) return Promise.resolve(err(domainError('VALIDATION.INVALID', 'a site id is lower-case letters, digits, - and _', { field: 'id' })));
  return command(deps.db, async (tx) => {
    const allowed = await requireRole(tx, orgId, actor, ['reception'], 'changing a site');
    if (!allowed.ok) return allowed;
    for (const e of parsed.data.deskIds) if (!(await getEmployee(tx, orgId, e))?.active) return err(domainError('ORG.UNKNOWN_EMPLOYEE', `no active employee ${e}`, { field: 'deskIds' }));
    const now = deps.clock.now();
    const before = await getSite(tx, orgId, id);
    await saveSite(tx, orgId, { id, ...parsed.data, createdAt: before?.createdAt ?? now, updatedAt: now });
    await appendAudit(tx, { orgId, actorId: actor.id, action: before ? 'site.changed' : 'site.created', subjectType: 'site', subjectId: id, ...(before ? { before: siteView(before) } : {}), after: parsed.data, at: now });
    return ok({ id, ...parsed.data });
  });
}

export async function sitesOf(deps: { db: Db }, orgId: string): Promise<SiteView[]> {
  return (await listSites(deps.db, orgId)).map(siteView);
}
