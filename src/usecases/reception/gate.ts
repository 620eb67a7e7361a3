// The gate: a guard scans a visitor's QR code (or types the booking number), the visitor is let in once, within the
// visit's window widened by the grace, at the visit's own site, unless the invitation was withdrawn or the person is on
// the watchlist; the host is told in chat. Later the guard checks them out. Each scan is one transaction: a refusal
// is recorded too (the audit is the gate's log), and the check-in itself is one guarded UPDATE, so a code scanned at
// two gates at once admits once.
import type { Db, Executor, Tx } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { findRequestByNumber } from '../../../db/repos/approvals.js';
import { employeesByIds } from '../../../db/repos/org.js';
import { enqueue } from '../../../db/repos/outbox.js';
import { auditVia } from '../../../db/repos/audit.js';
import { getSite, visitsOfRequest, visitorsOf, type VisitorRow, type VisitRow } from '../../../db/repos/reception.js';
import { admitByInvitation, arrivalFacts, expectedVisitors, markCheckedIn, markCheckedOut, onSiteVisitors, visitorWithVisit } from '../../../db/repos/reception-gate.js';
import { admits, gateAdmission, gateRefusalOf, siteTag } from '../../../domain/reception/index.js';
import type { Role } from '../../../domain/org/index.js';
import { domainError, err, ok, type Clock, type DomainError, type DomainErrorCode, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import type { SecretBox } from '../../secrets.js';
import type { Logger } from '../../log.js';
import { holdsRole, requireRole, type Actor } from '../authorise.js';
import { notifyMessage, TOPIC_CHAT_NOTIFY } from '../lifecycle/topics.js';
import { addCalendarDays, DEFAULT_TIME_ZONE, localClock, localDate, orgTimeZone, zonedMidnight } from '../org-time.js';
import { command } from '../unit-of-work.js';
import { verifyInvitation } from './invitation-token.js';
import { watchlistHit } from './watchlist.js';

export interface GateDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  box: SecretBox;
  /** Minutes before and after the visit's window a code still opens the gate (INVITATION_GRACE_MINUTES). */
  graceMinutes: number;
  log?: Pick<Logger, 'error'>;
}

/** What a guard typed or scanned: an invitation code (the link or the bare code) or a booking number. */
export type GateCode = { kind: 'token'; token: string } | { kind: 'booking'; number: string };

const TOKEN = /^[A-Za-z0-9_-]{39}\.[A-Za-z0-9_-]{43}$/;

/** Reads a scan or a typed entry: the invitation link (any host: the path's last segment), a bare code, or a booking number. */
export function readGateCode(raw: string): GateCode | undefined {
  const s = raw.trim();
  if (s.length === 0 || s.length > 2048) return undefined;
  const fromLink = /\/v\/([A-Za-z0-9_.-]+)\/?(?:[?#].*)?$/.exec(s)?.[1];
  const token = fromLink ?? s;
  if (TOKEN.test(token)) return { kind: 'token', token };
  if (fromLink) return undefined;
  return /^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/.test(s) ? { kind: 'booking', number: s.toUpperCase() } : undefined;
}

/** A visitor as the guard sees them: names and the host, the mobile masked, the times. */
export interface GateVisitor {
  visitorId: string;
  visitId: string;
  name: string;
  company?: string;
  title?: string;
  mobile?: string;
  host: { id: string; name: string };
  purpose: string;
  start: string;
  end: string;
  checkedInAt?: string;
  checkedOutAt?: string;
}

/** What a scan came to: the visitor let in, the visit of a booking number to pick from, or a refusal with its reason. */
export type GateOutcome =
  | { kind: 'checked_in'; visitor: GateVisitor }
  | { kind: 'booking'; bookingNumber: string; visitors: GateVisitor[] }
  | { kind: 'refused'; code: DomainErrorCode; message: string; visitor?: GateVisitor };

/** The parts of a visitor and their visit the guard is shown. */
type Shown = { visitor: Pick<VisitorRow, 'id' | 'name' | 'company' | 'title' | 'mobileLast4' | 'checkedInAt' | 'checkedOutAt'>; visit: Pick<VisitRow, 'id' | 'hostId' | 'purpose' | 'startsAt' | 'endsAt'> };

function shownToGuard({ visitor: v, visit }: Shown, hostName: string | undefined): GateVisitor {
  return {
    visitorId: v.id,
    visitId: visit.id,
    name: v.name,
    ...(v.company ? { company: v.company } : {}),
    ...(v.title ? { title: v.title } : {}),
    ...(v.mobileLast4 ? { mobile: `****${v.mobileLast4}` } : {}),
    host: { id: visit.hostId, name: hostName ?? visit.hostId },
    purpose: visit.purpose,
    start: visit.startsAt.toISOString(),
    end: visit.endsAt.toISOString(),
    ...(v.checkedInAt ? { checkedInAt: v.checkedInAt.toISOString() } : {}),
    ...(v.checkedOutAt ? { checkedOutAt: v.checkedOutAt.toISOString() } : {}),
  };
}

async function gateVisitor(tx: Tx, orgId: string, v: VisitorRow, visit: VisitRow): Promise<GateVisitor> {
  return (await gateVisitors(tx, orgId, [{ visitor: v, visit }]))[0]!;
}

/** Several visitors as the guard sees them, their hosts read in one statement (a transaction runs one at a time). */
async function gateVisitors(tx: Tx, orgId: string, rows: readonly { visitor: VisitorRow; visit: VisitRow }[]): Promise<GateVisitor[]> {
  const hosts = new Map((await employeesByIds(tx, orgId, rows.map((r) => r.visit.hostId))).map((e) => [e.id, e.name]));
  return rows.map((r) => shownToGuard(r, hosts.get(r.visit.hostId)));
}

/** Who works the gate: guards and the reception desk (administrators hold every role). */
const GATE_ROLES: readonly Role[] = ['guard', 'reception'];

/** The host's chat notice that their visitor is in: facts only, the sentence is written when it is sent (arrivalText). */
const arrivalNotice = (orgId: string, visitorId: string, hostId: string, siteId: string, now: Date) =>
  notifyMessage(orgId, `arrived:${visitorId}`, { kind: 'visitor_arrived', employeeId: hostId, visitorId, siteId, at: now.toISOString() });

/** The sentence the host is sent when their visitor is in, in both languages (their name and company, the site, the time). */
export async function arrivalText(db: Executor, orgId: string, p: { visitorId: string; siteId: string; at: string }): Promise<{ zh: string; en: string } | undefined> {
  const v = await arrivalFacts(db, orgId, p.visitorId, p.siteId);
  if (!v) return undefined;
  const siteName = v.siteName ?? p.siteId;
  const clock = localClock(new Date(p.at), v.timeZone ?? DEFAULT_TIME_ZONE);
  return {
    zh: `🚪 您的访客 ${v.name}${v.company ? `（${v.company}）` : ''} 已于 ${clock} 在${siteName}登记入场。`,
    en: `🚪 Your visitor ${v.name}${v.company ? ` (${v.company})` : ''} checked in at ${siteName} at ${clock}.`,
  };
}

const refusal = (code: DomainErrorCode, message: string): DomainError => domainError(code, message);

/** Whether `v` of `visit` may come in at `siteId` now (`gateAdmission`), the watchlist asked by the visitor's numbers. */
async function admission(tx: Tx, deps: GateDeps, orgId: string, siteId: string, v: VisitorRow, visit: VisitRow, now: Date): Promise<DomainError | undefined> {
  const early = gateAdmission(visit, { ...v, checkedInAt: null, watchlisted: false }, { siteId, now, graceMinutes: deps.graceMinutes });
  if (early) return early;
  const hit = await watchlistHit(tx, deps.box, orgId, { name: v.name, ...(v.company ? { company: v.company } : {}), ...(v.mobileEnc ? { mobile: deps.box.decrypt(v.mobileEnc) } : {}), ...(v.idNumberEnc ? { idNumber: deps.box.decrypt(v.idNumberEnc) } : {}) });
  return gateAdmission(visit, { ...v, watchlisted: Boolean(hit) }, { siteId, now, graceMinutes: deps.graceMinutes });
}

async function guardAllowed(tx: Tx, orgId: string, actor: Actor, siteId: string, what: string): Promise<Result<{ name: string }>> {
  const allowed = await requireRole(tx, orgId, actor, GATE_ROLES, what);
  if (!allowed.ok) return allowed;
  const site = await getSite(tx, orgId, siteId);
  return site ? ok({ name: site.name }) : err(domainError('NOT_FOUND', `no site ${siteId}`));
}

/** Lets `v` in (once) and tells the host; a refusal is recorded with its reason. */
async function letIn(tx: Tx, deps: GateDeps, orgId: string, actor: Actor, site: { id: string; name: string }, v: VisitorRow, visit: VisitRow, now: Date): Promise<GateOutcome> {
  const siteId = site.id;
  const refused = await admission(tx, deps, orgId, siteId, v, visit, now);
  const view = await gateVisitor(tx, orgId, v, visit);
  const refuse = async (e: DomainError): Promise<GateOutcome> => {
    await appendAudit(tx, { orgId, actorId: actor.id, action: 'gate.refused', subjectType: 'visitor', subjectId: v.id, after: { code: e.code, siteId }, at: now });
    return { kind: 'refused', code: e.code, message: e.message, visitor: view };
  };
  if (refused) return refuse(refused);
  if (!(await markCheckedIn(tx, orgId, v.id, now, actor.id))) {
    const at = (await visitorWithVisit(tx, orgId, { visitorId: v.id }))?.visitor.checkedInAt;
    return refuse(refusal('GATE.ALREADY_CHECKED_IN', `checked in already${at ? ` at ${at.toISOString()}` : ''}`));
  }
  await appendAudit(tx, { orgId, actorId: actor.id, action: 'visitor.checked_in', subjectType: 'visitor', subjectId: v.id, after: { visitId: visit.id, siteId, at: now }, at: now });
  await enqueue(tx, [arrivalNotice(orgId, v.id, visit.hostId, siteId, now)]);
  return { kind: 'checked_in', visitor: { ...view, checkedInAt: now.toISOString() } };
}

/**
 * A scan's common case, a valid code let in at once, in one statement: it reads every fact and, when SQL finds the
 * visitor admissible by the rules `gateAdmission` and `holdsRole` state (admitByInvitation), writes the check-in,
 * its audit row and the host's notice. Anything else (a refusal, a missing role, a visitor registered before number
 * MACs were kept, a race lost) answers undefined and the scan is judged again in one transaction that records the
 * refusal: the outcome is the same either way, only the path to a plain yes is shorter. The gate is where a queue
 * of people waits on each answer.
 */
async function admitAtOnce(deps: GateDeps, orgId: string, actor: Actor, siteId: string, token: string): Promise<GateOutcome | undefined> {
  const claims = verifyInvitation(deps.box, token);
  if (!claims.ok) return undefined;
  const now = deps.clock.now();
  if (!admits(claims.value, { site: siteTag(siteId), now, graceMinutes: deps.graceMinutes }).ok) return undefined;
  const f = await admitByInvitation(deps.db, { orgId, invitationId: claims.value.invitationId, siteId, guardId: actor.id, now, graceMinutes: deps.graceMinutes, via: auditVia({}), topic: TOPIC_CHAT_NOTIFY });
  if (!f) return undefined;
  // SQL and the domain state the same rules; a disagreement is a defect to see at once (the check-in stands).
  const domain = holdsRole(f.guard && { active: f.guard.active, roles: f.guard.roles as Role[] }, actor.id, GATE_ROLES, 'checking visitors in');
  const refused = domain.ok ? gateAdmission(f.visit, { ...f.visitor, watchlisted: f.watchlisted }, { siteId, now, graceMinutes: deps.graceMinutes }) : domain.error;
  if (refused) deps.log?.error('gate: SQL admitted a visitor the domain refuses', { visitorId: f.visitor.id, code: refused.code });
  return { kind: 'checked_in', visitor: shownToGuard({ visitor: { ...f.visitor, checkedInAt: now }, visit: f.visit }, f.hostName) };
}

/**
 * The visit a booking number means now: of a recurring visit's occurrences, the one whose window (widened by the
 * grace) holds `now`, else the next one, else the last; a single visit is itself.
 */
function occurrenceAt(visits: readonly VisitRow[], now: Date, graceMinutes: number): VisitRow | undefined {
  const grace = graceMinutes * 60_000;
  const t = now.getTime();
  return visits.find((v) => v.startsAt.getTime() - grace <= t && t <= v.endsAt.getTime() + grace) ?? visits.find((v) => v.startsAt.getTime() > t) ?? visits.at(-1);
}

/**
 * A scan or a typed entry at `siteId`'s gate by a guard (or the reception desk). An invitation code lets its visitor in
 * or says why not; a booking number shows the visit's visitors to pick from. A code that is not ours, altered, or
 * another organisation's reads the same: GATE.INVALID_CODE.
 */
export async function scanAtGate(deps: GateDeps, orgId: string, actor: Actor, siteId: string, raw: string): Promise<Result<GateOutcome>> {
  const code = readGateCode(raw);
  if (code?.kind === 'token' && actor.kind === 'employee') {
    const admitted = await admitAtOnce(deps, orgId, actor, siteId, code.token);
    if (admitted) return ok(admitted);
  }
  return command(deps.db, async (tx) => {
    const allowed = await guardAllowed(tx, orgId, actor, siteId, 'checking visitors in');
    if (!allowed.ok) return allowed;
    const now = deps.clock.now();
    const invalid = async (): Promise<Result<GateOutcome>> => {
      await appendAudit(tx, { orgId, actorId: actor.id, action: 'gate.refused', subjectType: 'site', subjectId: siteId, after: { code: 'GATE.INVALID_CODE' }, at: now });
      return ok({ kind: 'refused', code: 'GATE.INVALID_CODE', message: 'not an invitation of ours, or altered' });
    };
    if (!code) return invalid();
    if (code.kind === 'booking') {
      const request = await findRequestByNumber(tx, orgId, code.number);
      const visit = request?.type === 'visit' ? occurrenceAt(await visitsOfRequest(tx, orgId, request.id), now, deps.graceMinutes) : undefined;
      if (!visit) return invalid();
      if (visit.siteId !== siteId) return ok({ kind: 'refused', code: 'GATE.WRONG_SITE', message: 'the visit is at another site' });
      const people = await visitorsOf(tx, orgId, visit.id);
      return ok({ kind: 'booking', bookingNumber: code.number, visitors: await gateVisitors(tx, orgId, people.filter((p) => !p.purgedAt).map((p) => ({ visitor: p, visit }))) });
    }
    const claims = verifyInvitation(deps.box, code.token);
    if (!claims.ok) return invalid();
    // The code's own window and site first: they need no lookup and are what the code promised.
    const open = admits(claims.value, { site: siteTag(siteId), now, graceMinutes: deps.graceMinutes });
    const found = await visitorWithVisit(tx, orgId, { invitationId: claims.value.invitationId }, true);
    if (!found) return invalid();
    if (!open.ok) {
      const e = gateRefusalOf(open.error);
      await appendAudit(tx, { orgId, actorId: actor.id, action: 'gate.refused', subjectType: 'visitor', subjectId: found.visitor.id, after: { code: e.code, siteId }, at: now });
      return ok({ kind: 'refused', code: e.code, message: e.message, visitor: await gateVisitor(tx, orgId, found.visitor, found.visit) });
    }
    return ok(await letIn(tx, deps, orgId, actor, { id: siteId, name: allowed.value.name }, found.visitor, found.visit, now));
  });
}

/** Checks in one visitor picked from a booking (the same checks as a scan, on the visit's own window). */
export function checkInVisitor(deps: GateDeps, orgId: string, actor: Actor, siteId: string, visitorId: string): Promise<Result<GateOutcome>> {
  return command(deps.db, async (tx) => {
    const allowed = await guardAllowed(tx, orgId, actor, siteId, 'checking visitors in');
    if (!allowed.ok) return allowed;
    const found = await visitorWithVisit(tx, orgId, { visitorId }, true);
    if (!found) return err(domainError('NOT_FOUND', `no visitor ${visitorId}`));
    return ok(await letIn(tx, deps, orgId, actor, { id: siteId, name: allowed.value.name }, found.visitor, found.visit, deps.clock.now()));
  });
}

/** Checks a visitor out at the gate of their visit's site: GATE.NOT_CHECKED_IN unless they are in. */
export function checkOutVisitor(deps: GateDeps, orgId: string, actor: Actor, siteId: string, visitorId: string): Promise<Result<GateVisitor>> {
  return command(deps.db, async (tx) => {
    const allowed = await guardAllowed(tx, orgId, actor, siteId, 'checking visitors out');
    if (!allowed.ok) return allowed;
    const found = await visitorWithVisit(tx, orgId, { visitorId }, true);
    if (!found) return err(domainError('NOT_FOUND', `no visitor ${visitorId}`));
    if (found.visit.siteId !== siteId) return err(domainError('GATE.WRONG_SITE', 'the visitor is at another site'));
    const now = deps.clock.now();
    if (!(await markCheckedOut(tx, orgId, visitorId, now, actor.id))) return err(domainError('GATE.NOT_CHECKED_IN', 'the visitor is not in'));
    await appendAudit(tx, { orgId, actorId: actor.id, action: 'visitor.checked_out', subjectType: 'visitor', subjectId: visitorId, after: { visitId: found.visit.id, siteId, at: now }, at: now });
    return ok({ ...(await gateVisitor(tx, orgId, found.visitor, found.visit)), checkedOutAt: now.toISOString() });
  });
}

/** The gate's board: who is on site now (the evacuation list) and who is still expected today. */
export interface GateBoard {
  site: { id: string; name: string };
  onSite: GateVisitor[];
  expected: GateVisitor[];
  timeZone: string;
}

export function gateBoard(deps: Pick<GateDeps, 'db' | 'clock'>, orgId: string, actor: Actor, siteId: string): Promise<Result<GateBoard>> {
  return deps.db.transaction(async (tx) => {
    const allowed = await requireRole(tx, orgId, actor, ['guard', 'reception'], 'seeing the gate');
    if (!allowed.ok) return allowed;
    const site = await getSite(tx, orgId, siteId);
    if (!site) return err(domainError('NOT_FOUND', `no site ${siteId}`));
    const zone = await orgTimeZone(tx, orgId);
    const now = deps.clock.now();
    const today = localDate(now, zone);
    const inside = await onSiteVisitors(tx, orgId, siteId);
    const coming = await expectedVisitors(tx, orgId, siteId, now, zonedMidnight(addCalendarDays(today, 1), zone));
    return ok({ site: { id: site.id, name: site.name }, onSite: await gateVisitors(tx, orgId, inside), expected: await gateVisitors(tx, orgId, coming), timeZone: zone });
  });
}
