// Registering a visit and reading it back. A visit is stored with its visitors (mobile and
// ID numbers encrypted, the last four kept) and routed for approval as a request of type `visit` in the same
// transaction: its estimate is checked against the reception standards (each excess a warning on the card, to be
// justified) and weighed against the department's hospitality budget.
import type { Db, Tx } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { getEmployee } from '../../../db/repos/org.js';
import { getSite, getVisit, insertVisit, visitsOfRequest, type VisitorRow, type VisitRow } from '../../../db/repos/reception.js';
import type { Violation } from '../../../domain/policy/index.js';
import { checkReception, checkVisit, checkVisitAdvance, DEFAULT_RECEPTION_STANDARDS, partySize, storedVisitOf, visitOccurrences, VisitRegistrationSchema, type ReceptionViolation, type VisitRegistration } from '../../../domain/reception/index.js';
import { domainError, err, ok, type Clock, type DomainError, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import { numberMacs, watchlistHit } from './watchlist.js';
import { getRequest } from '../../../db/repos/approvals.js';
import type { SecretBox } from '../../secrets.js';
import { requireRole, type Actor } from '../authorise.js';
import { effectsOfApprovalAtSubmission, submitInTx, type SubmitConfig, type SubmitResult } from '../submit-request.js';
import { command } from '../unit-of-work.js';
import { localDate, orgTimeZone } from '../org-time.js';
import { visitCardDetails, visitSeriesDetails } from './visit-card-details.js';
import { visitAdvanceOf, visitAdvanceStanding, type VisitAdvanceView } from './visit-advance.js';

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
  /** A recurring visit's series and which occurrence this is (from 1). */
  seriesId?: string;
  occurrence?: number;
  /** The advance (借款) to the host asked for with the visit, and once approved where it stands. */
  advance?: VisitAdvanceView;
}

/** A recurring visit's occurrences as registered: one request, one visit each. */
export interface VisitSeriesView {
  id: string;
  recurrence: NonNullable<VisitRegistration['recurrence']>;
  /** Each occurrence's estimate, and the request's (occurrences × it). */
  estimatePerOccurrence: { minor: number; currency: string };
  estimateTotal: { minor: number; currency: string };
  visits: { id: string; occurrence: number; start: string; end: string; status: VisitStatus }[];
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
    ...(v.seriesId ? { seriesId: v.seriesId, occurrence: v.occurrence } : {}),
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

/** What registering gives back: the visit (a series' first occurrence), the series when recurring, and the request. */
export interface RegisteredVisit {
  visit: VisitView;
  series?: VisitSeriesView;
  submitted: SubmitResult;
}

/**
 * Registers a visit for approval. The host, their staff and an employee holding the reception role may register it;
 * the host and companions must be active employees, the site one of the organisation's, the window still ahead. A
 * recurring visit is one request for all its occurrences (computed in the organisation's time zone), whose amount is
 * the per-occurrence estimate times their number, stored as one visit per occurrence sharing a series id, each with
 * its own copy of the visitors (so each gets its own invitation, bound to its own window).
 */
export async function registerVisit(deps: ReceptionDeps, orgId: string, actor: Actor, raw: unknown, opts: { walkIn?: boolean; assumedRecurrence?: boolean } = {}): Promise<Result<RegisteredVisit>> {
  const parsed = VisitRegistrationSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return err(domainError('VALIDATION.INVALID', `${issue.path.join('.') || 'visit'}: ${issue.message}`, { field: issue.path.join('.') }));
  }
  if (opts.walkIn && parsed.data.recurrence) return err(domainError('VALIDATION.INVALID', 'recurrence: a walk-in is a single visit', { field: 'recurrence' }));
  const r = await command(deps.db, async (tx): Promise<Result<RegisteredVisit | { refused: DomainError }>> => {
    const now = deps.clock.now();
    const checked = checkVisit(parsed.data, now);
    if (!checked.ok) return checked;
    const v = checked.value;
    const timeZone = await orgTimeZone(tx, orgId);
    const occurrences = visitOccurrences(v, timeZone);
    if (!occurrences.ok) return occurrences;
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
    const visitDay = localDate(v.start, timeZone);
    // The approver weighs the advance against the hospitality budget and what the host already owes.
    const standing = advance.value ? { advance: advance.value, ...(await visitAdvanceStanding(tx, orgId, v.hostId, staff[0]!.departmentId, visitDay)) } : {};
    // The standards hold for each occurrence; the request (and the budget check) is for all of them.
    const perOccurrenceMinor = reception.value.totalMinor;
    const totalMinor = perOccurrenceMinor * occurrences.value.length;
    const visitId = deps.ids.next('vis');
    const seriesId = v.recurrence ? deps.ids.next('vsr') : undefined;
    const series = visitSeriesDetails(v, occurrences.value, perOccurrenceMinor, timeZone, opts.assumedRecurrence);
    const company = v.visitors.find((x) => x.company)?.company;
    const names = v.visitors.map((x) => x.name).join('、');
    const submitted = await submitInTx(tx, deps, orgId, {
      type: 'visit',
      // A walk-in is the guard's request for the host's yes (the host cannot approve their own request).
      submitterId: opts.walkIn ? actor.id : v.hostId,
      title: `来访 Visit: ${company ? `${company} ` : ''}${names}`.slice(0, 200),
      ...(totalMinor > 0 ? { amount: { minor: totalMinor, currency: reception.value.currency } } : {}),
      category: 'hospitality',
      details: { visit: { date: visitDay, start: v.start.toISOString(), end: v.end.toISOString(), siteId: v.siteId, level: v.level, purpose: v.purpose, visitors: v.visitors.length, ...(company ? { company } : {}), resources: v.resources, estimate: v.estimate, ...visitCardDetails(v, site.name, staffNames.slice(1)), ...series, ...standing } },
      violations: reception.value.violations.map((x) => asViolation(x, reception.value.currency)),
      // A walk-in waits at the gate: the host alone decides, on the card in chat.
      ...(opts.walkIn ? { flow: { id: 'walk_in', definition: { name: 'Walk-in visitor', subjectTypes: ['visit'], steps: [{ key: 'host', name: '接待人确认 Host', mode: 'any' as const, approvers: [{ kind: 'person' as const, employeeId: v.hostId }] }] } } } : {}),
      ...(v.justification ? { justification: v.justification } : {}),
      ...(v.clientRef ? { clientRef: v.clientRef } : {}),
    });
    if (!submitted.ok) return submitted;
    if (submitted.value.replayed) {
      const stored = await registeredOfRequest(tx, orgId, submitted.value.request.id);
      return stored ? ok({ ...stored, submitted: submitted.value }) : err(domainError('NOT_FOUND', 'the visit of this request is gone'));
    }
    for (const [n, o] of occurrences.value.entries()) {
      // The first occurrence keeps the id a single visit would have; the others get their own.
      const id = n === 0 ? visitId : deps.ids.next('vis');
      await insertVisit(
        tx,
        orgId,
        { id, requestId: submitted.value.request.id, hostId: v.hostId, companions: v.companions, siteId: v.siteId, level: v.level, purpose: v.purpose, company: company ?? null, startsAt: o.start, endsAt: o.end, resources: v.resources, estimate: v.estimate, estimateMinor: perOccurrenceMinor, currency: reception.value.currency, status: 'pending', seriesId: seriesId ?? null, occurrence: n + 1, createdAt: now, updatedAt: now },
        v.visitors.map((x, i) => ({
          id: `${id}_${i + 1}`,
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
      await appendAudit(tx, { orgId, actorId: actor.id, action: 'visit.registered', subjectType: 'visit', subjectId: id, after: { requestId: submitted.value.request.id, visitors: v.visitors.length, siteId: v.siteId, start: o.start, end: o.end, estimateMinor: perOccurrenceMinor, ...(seriesId ? { seriesId, occurrence: n + 1, of: occurrences.value.length } : {}) }, at: now });
    }
    const effects = await effectsOfApprovalAtSubmission(tx, deps, orgId, submitted.value);
    if (!effects.ok) return effects;
    const stored = await registeredOfRequest(tx, orgId, submitted.value.request.id);
    return ok({ ...stored!, submitted: submitted.value });
  });
  return r.ok && 'refused' in r.value ? err(r.value.refused) : (r as Result<RegisteredVisit>);
}

/** The visit (the first occurrence) and, for a recurring one, its series, as registered by `requestId`. */
async function registeredOfRequest(tx: Tx, orgId: string, requestId: string): Promise<Omit<RegisteredVisit, 'submitted'> | undefined> {
  const rows = await visitsOfRequest(tx, orgId, requestId);
  const first = rows[0] ? await getVisit(tx, orgId, rows[0].id) : undefined;
  if (!first) return undefined;
  const request = await getRequest(tx, orgId, requestId);
  const visit = visitView(first.visit, first.visitors, await visitAdvanceOf(tx, orgId, request));
  if (!first.visit.seriesId) return { visit };
  const recurrence = storedVisitOf(request?.details)?.series?.recurrence;
  if (!recurrence) return { visit };
  const currency = first.visit.currency;
  return {
    visit,
    series: {
      id: first.visit.seriesId,
      recurrence,
      estimatePerOccurrence: { minor: first.visit.estimateMinor, currency },
      estimateTotal: { minor: rows.reduce((a, x) => a + x.estimateMinor, 0), currency },
      visits: rows.map((x) => ({ id: x.id, occurrence: x.occurrence, start: x.startsAt.toISOString(), end: x.endsAt.toISOString(), status: x.status as VisitStatus })),
    },
  };
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
