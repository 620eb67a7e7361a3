// The visit ledger and its statistics, as JSON and CSV. The reception desk, finance and administrators see the whole
// organisation; anyone else sees the visits they hosted or accompanied. A period is two dates of the organisation's
// calendar, both included, a year at most.
import { z } from 'zod';
import type { Db } from '../../../db/database.js';
import { requestsByIds } from '../../../db/repos/approvals.js';
import { invoicesByIds } from '../../../db/repos/invoices.js';
import { getVisit } from '../../../db/repos/reception.js';
import { completedVisits, ledgerFactsOf, liveClaimsOfVisits, visitorsForLedger } from '../../../db/repos/reception-ledger.js';
import { ledgerCsv, ledgerEntry, monthsSpanned, receptionStats, statsCsv, STATS_DIMENSIONS, type LedgerEntry, type ReceptionAmounts, type StatsDimension, type StatsRow } from '../../../domain/reception/index.js';
import { domainError, err, ok, type Clock, type Result } from '../../../domain/shared/index.js';
import { requireRole, type Actor } from '../authorise.js';
import { addCalendarDays, localDate, orgTimeZone, zonedMidnight } from '../org-time.js';

type Deps = { db: Db; clock: Clock };

const Day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date, YYYY-MM-DD');

/** A period of the ledger: from and to, both included, in the organisation's calendar. */
export const LedgerPeriodSchema = z.object({ from: Day, to: Day });
export type LedgerPeriod = z.infer<typeof LedgerPeriodSchema>;
export const StatsQuerySchema = LedgerPeriodSchema.extend({ by: z.enum(STATS_DIMENSIONS) });

const MAX_DAYS = 366;

function checkPeriod(p: LedgerPeriod): Result<LedgerPeriod> {
  const days = (Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / 86_400_000;
  if (!Number.isFinite(days)) return err(domainError('VALIDATION.INVALID', 'from, to: real calendar dates, YYYY-MM-DD', { field: 'from' }));
  if (days < 0) return err(domainError('VALIDATION.INVALID', 'to: the period ends before it starts', { field: 'to' }));
  if (days >= MAX_DAYS) return err(domainError('VALIDATION.INVALID', `to: a period is at most ${MAX_DAYS} days`, { field: 'to' }));
  return ok(p);
}

/** Whom the actor may see: everyone's visits (reception, finance, admin, the system) or only their own. */
async function scopeOf(db: Db, orgId: string, actor: Actor): Promise<Result<{ attendee?: string }>> {
  const allowed = await requireRole(db, orgId, actor, ['reception', 'finance'], 'the whole visit ledger');
  if (allowed.ok) return ok({});
  if (allowed.error.code === 'AUTH.FORBIDDEN') return ok({ attendee: actor.id });
  return allowed;
}

/** Ledger entries of completed visits, from their facts (visitors by name and company only). */
async function entriesOf(deps: Deps, orgId: string, f: { from: Date; until: Date; attendee?: string; visitId?: string }): Promise<LedgerEntry[]> {
  const db = deps.db;
  const rows = await completedVisits(db, orgId, { ...f, now: deps.clock.now() });
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.visit.id);
  const tz = await orgTimeZone(db, orgId);
  const [people, kept, links] = await Promise.all([visitorsForLedger(db, orgId, ids), ledgerFactsOf(db, orgId, ids), liveClaimsOfVisits(db, orgId, ids)]);
  const claims = new Map((await requestsByIds(db, orgId, links.map((l) => l.reimbursementId))).map((r) => [r.id, r]));
  const invoices = new Map((await invoicesByIds(db, orgId, links.flatMap((l) => l.invoiceIds))).map((i) => [i.id, i]));
  const linkOf = new Map(links.map((l) => [l.visitId, l]));
  const keptOf = new Map(kept.map((k) => [k.visitId, k]));
  const peopleOf = new Map<string, typeof people>();
  for (const p of people) peopleOf.set(p.visitId, [...(peopleOf.get(p.visitId) ?? []), p]);
  return rows.map((r) => {
    const link = linkOf.get(r.visit.id);
    const k = keptOf.get(r.visit.id);
    return ledgerEntry({
      visit: { ...r.visit, estimate: r.visit.estimate as ReceptionAmounts, requestNumber: r.requestNumber, departmentId: r.departmentId, departmentName: r.departmentName, hostName: r.hostName },
      date: localDate(r.visit.startsAt, tz),
      visitors: peopleOf.get(r.visit.id) ?? [],
      kept: k ? { visitorCount: k.visitorCount, companies: k.companies, checkedInCount: k.checkedInCount, firstInAt: k.firstInAt, lastOutAt: k.lastOutAt } : undefined,
      claim: link
        ? {
            reimbursementId: link.reimbursementId,
            number: claims.get(link.reimbursementId)?.number ?? null,
            settled: link.status === 'settled',
            attributedMinor: link.attributedMinor,
            currency: link.currency,
            actual: link.actual as ReceptionAmounts,
            invoices: link.invoiceIds.flatMap((id) => {
              const i = invoices.get(id);
              return i ? [{ id: i.id, number: i.number, code: i.code, totalMinor: i.totalMinor, currency: i.currency, issueDate: i.issueDate }] : [];
            }),
          }
        : undefined,
    });
  });
}

async function ledgerIn(deps: Deps, orgId: string, actor: Actor, raw: LedgerPeriod): Promise<Result<LedgerEntry[]>> {
  const period = checkPeriod(raw);
  if (!period.ok) return period;
  const scope = await scopeOf(deps.db, orgId, actor);
  if (!scope.ok) return scope;
  const tz = await orgTimeZone(deps.db, orgId);
  return ok(await entriesOf(deps, orgId, { from: zonedMidnight(raw.from, tz), until: zonedMidnight(addCalendarDays(raw.to, 1), tz), ...scope.value }));
}

/** The ledger of visits that started in the period, earliest first. */
export function receptionLedger(deps: Deps, orgId: string, actor: Actor, period: LedgerPeriod): Promise<Result<LedgerEntry[]>> {
  return ledgerIn(deps, orgId, actor, period);
}

/** The same ledger as CSV (RFC 4180, formulas neutralised). */
export async function receptionLedgerCsv(deps: Deps, orgId: string, actor: Actor, period: LedgerPeriod): Promise<Result<string>> {
  const entries = await ledgerIn(deps, orgId, actor, period);
  return entries.ok ? ok(ledgerCsv(entries.value)) : entries;
}

export interface ReceptionStats {
  by: StatsDimension;
  from: string;
  to: string;
  months: number;
  rows: StatsRow[];
}

/** Visits, visits per month and hospitality cost (total and per visit) by customer company, department or month. */
export async function receptionStatsOf(deps: Deps, orgId: string, actor: Actor, q: LedgerPeriod & { by: StatsDimension }): Promise<Result<ReceptionStats>> {
  const entries = await ledgerIn(deps, orgId, actor, q);
  if (!entries.ok) return entries;
  return ok({ by: q.by, from: q.from, to: q.to, months: monthsSpanned(q.from, q.to), rows: receptionStats(entries.value, q.by, q) });
}

export async function receptionStatsCsv(deps: Deps, orgId: string, actor: Actor, q: LedgerPeriod & { by: StatsDimension }): Promise<Result<string>> {
  const stats = await receptionStatsOf(deps, orgId, actor, q);
  return stats.ok ? ok(statsCsv(stats.value.rows, q.by)) : stats;
}

/**
 * One visit's ledger entry, for its host and staff, the reception desk, finance and administrators. Another
 * organisation's visit, or one not completed yet, is NOT_FOUND.
 */
export async function visitLedgerEntry(deps: Deps, orgId: string, actor: Actor, visitId: string): Promise<Result<LedgerEntry>> {
  const stored = await getVisit(deps.db, orgId, visitId);
  if (!stored) return err(domainError('NOT_FOUND', `no visit ${visitId}`));
  const scope = await scopeOf(deps.db, orgId, actor);
  if (!scope.ok) return scope;
  const v = stored.visit;
  if (scope.value.attendee && v.hostId !== scope.value.attendee && !v.companions.includes(scope.value.attendee)) return err(domainError('AUTH.FORBIDDEN', 'a visit’s ledger entry is for its host and staff, or the reception, finance or admin role', { roles: ['reception', 'finance'] }));
  const [entry] = await entriesOf(deps, orgId, { from: v.startsAt, until: new Date(v.startsAt.getTime() + 1), visitId });
  return entry ? ok(entry) : err(domainError('NOT_FOUND', `visit ${visitId} is not completed yet: it has no ledger entry`, { status: v.status }));
}
