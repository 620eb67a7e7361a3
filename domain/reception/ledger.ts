// The visit ledger (接待台账): what a hospitality claim cost each visit it links, by reception type; one entry per
// completed visit (visitors by name and company only, actual times, host and department, estimate and actual cost by
// type, invoices, the reimbursement); and statistics by customer company, department or month. Pure.
import { allocate, toDecimalString, type Money } from '../money/index.js';
import { domainError, err, ok, type Result } from '../shared/index.js';
import { toCsv, type CsvCell } from './csv.js';
import { RECEPTION_TYPES, type ReceptionType } from './standards.js';

export type ReceptionAmounts = Partial<Record<ReceptionType, number>>;

/**
 * The reception type an expense line's category is spent on. 招待费 (hospitality) is the reception itself (venue, tea,
 * fruit, the meeting), so `visit`; a hotel or lodging line is lodging; a taxi, car, train or flight is transport; an
 * `other` line in a reception claim is most often a gift. Office and communication costs, per diems: not reception.
 */
const LINE_TO_RECEPTION: Readonly<Record<string, ReceptionType>> = {
  meal: 'meal',
  hospitality: 'visit',
  lodging: 'lodging',
  hotel: 'lodging',
  transport: 'transport',
  train: 'transport',
  flight: 'transport',
  other: 'gift',
};

/** The reception type of a line: by its category; a line tagged to the visit itself counts even if unmapped (as `visit`). */
export function receptionTypeOfLine(category: string, taggedToVisit: boolean): ReceptionType | undefined {
  return LINE_TO_RECEPTION[category] ?? (taggedToVisit ? 'visit' : undefined);
}

export interface ClaimLine {
  readonly id: string;
  readonly category: string;
  readonly amountMinor: number;
  readonly currency: string;
  /** The application the line is tagged to (a visit's approval request, a trip…), if any. */
  readonly applicationId: string | null;
  readonly invoiceId: string | null;
}

export interface VisitToClaim {
  readonly visitId: string;
  /** The visit's approval request (its freeze's budget ref; lines are tagged to it). */
  readonly requestId: string;
  /** The visit's estimate: the weight an untagged line is split by. */
  readonly estimateMinor: number;
}

export interface VisitAttribution {
  readonly visitId: string;
  readonly requestId: string;
  readonly attributedMinor: number;
  readonly currency: string;
  readonly actual: ReceptionAmounts;
  /** Line by line what the visit carries: the whole of a line tagged to it, its share of an untagged one. */
  readonly pieces: readonly { lineId: string; minor: number; type: ReceptionType }[];
  readonly invoiceIds: readonly string[];
}

/**
 * What a claim costs each visit it links. A line tagged to a visit's request is that visit's, whole (split by estimate
 * across the occurrences of a recurring visit, which share the request). An untagged line
 * whose category is a reception cost (receptionTypeOfLine) is split across all the linked visits in proportion to
 * their estimates (equally when none has one), exactly: the shares add up to the line. Lines tagged to another
 * application (a trip) and lines that are no reception cost stay out. One currency (the claim's).
 */
export function attributeClaimToVisits(lines: readonly ClaimLine[], visits: readonly VisitToClaim[], currency: string): Result<VisitAttribution[]> {
  if (visits.length === 0) return ok([]);
  // A recurring visit's occurrences share one request: a line tagged to it is split across them like an untagged one.
  const byRequest = new Map<string, number[]>();
  visits.forEach((v, i) => byRequest.set(v.requestId, [...(byRequest.get(v.requestId) ?? []), i]));
  const weights = visits.every((v) => v.estimateMinor <= 0) ? visits.map(() => 1) : visits.map((v) => Math.max(0, v.estimateMinor));
  const pieces: { lineId: string; minor: number; type: ReceptionType; invoiceId: string | null }[][] = visits.map(() => []);
  for (const l of lines) {
    if (l.currency !== currency) return err(domainError('REIMBURSEMENT.INVALID', `line ${l.id} is in ${l.currency}; this claim is in ${currency}`, { lineId: l.id }));
    const own = l.applicationId !== null ? byRequest.get(l.applicationId) : undefined;
    if (own !== undefined) {
      const type = receptionTypeOfLine(l.category, true)!;
      const w = own.map((i) => weights[i]!);
      const shares = own.length === 1 ? ok([{ minor: l.amountMinor }]) : allocate({ minor: l.amountMinor, currency }, w.every((x) => x <= 0) ? w.map(() => 1) : w);
      if (!shares.ok) return shares;
      shares.value.forEach((s, k) => {
        if (own.length === 1 || s.minor > 0) pieces[own[k]!]!.push({ lineId: l.id, minor: s.minor, type, invoiceId: l.invoiceId });
      });
      continue;
    }
    if (l.applicationId !== null) continue;
    const type = receptionTypeOfLine(l.category, false);
    if (!type) continue;
    const shares = allocate({ minor: l.amountMinor, currency }, weights);
    if (!shares.ok) return shares;
    shares.value.forEach((s, i) => {
      if (s.minor > 0) pieces[i]!.push({ lineId: l.id, minor: s.minor, type, invoiceId: l.invoiceId });
    });
  }
  return ok(
    visits.map((v, i) => {
      const mine = pieces[i]!;
      const actual: Record<string, number> = {};
      for (const p of mine) actual[p.type] = (actual[p.type] ?? 0) + p.minor;
      return {
        visitId: v.visitId,
        requestId: v.requestId,
        attributedMinor: mine.reduce((s, p) => s + p.minor, 0),
        currency,
        actual: actual as ReceptionAmounts,
        pieces: mine.map(({ lineId, minor, type }) => ({ lineId, minor, type })),
        invoiceIds: [...new Set(mine.flatMap((p) => (p.invoiceId ? [p.invoiceId] : [])))],
      };
    }),
  );
}

/** A ledger entry: one completed visit, nothing of its visitors but their names and companies. */
export interface LedgerEntry {
  visitId: string;
  requestId: string;
  requestNumber: string | null;
  status: string;
  /** The visit's day and month in the organisation's calendar. */
  date: string;
  month: string;
  start: string;
  end: string;
  siteId: string;
  level: string;
  purpose: string;
  host: { id: string; name: string | null };
  department: { id: string; name: string | null };
  /** The customer company the statistics count it for (the first visitor's, as registered). */
  company: string | null;
  companies: string[];
  visitorCount: number;
  /** Names and companies as registered; empty once the visitors' personal data are purged (the counts stay). */
  visitors: { name: string; company: string | null; checkedInAt: string | null; checkedOutAt: string | null }[];
  checkedInCount: number;
  /** The first check-in and the last check-out of the visit. */
  checkedInAt: string | null;
  checkedOutAt: string | null;
  estimate: { byType: ReceptionAmounts; total: Money };
  /** From the linked claim's lines (null while none links it); `settled` once the claim is approved. */
  actual: { byType: ReceptionAmounts; total: Money; settled: boolean } | null;
  reimbursement: { id: string; number: string | null; status: 'pending' | 'approved' } | null;
  invoices: { id: string; number: string; code: string | null; total: Money; issueDate: string }[];
}

/** The facts an entry is made of, as the use case gathers them. */
export interface LedgerFacts {
  visit: {
    id: string;
    requestId: string;
    requestNumber: string | null;
    status: string;
    startsAt: Date;
    endsAt: Date;
    siteId: string;
    level: string;
    purpose: string;
    company: string | null;
    estimate: ReceptionAmounts;
    estimateMinor: number;
    currency: string;
    hostId: string;
    hostName: string | null;
    departmentId: string;
    departmentName: string | null;
  };
  /** The organisation's date of the visit's start. */
  date: string;
  visitors: readonly { name: string; company: string | null; checkedInAt: Date | null; checkedOutAt: Date | null }[];
  /** What was kept for the ledger (when visitors' personal data may since have been purged). */
  kept?: { visitorCount: number; companies: readonly string[]; checkedInCount: number; firstInAt: Date | null; lastOutAt: Date | null } | undefined;
  claim?:
    | {
        reimbursementId: string;
        number: string | null;
        settled: boolean;
        attributedMinor: number;
        currency: string;
        actual: ReceptionAmounts;
        invoices: readonly { id: string; number: string; code: string | null; totalMinor: number; currency: string; issueDate: string }[];
      }
    | undefined;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const earliest = (ds: readonly (Date | null)[]) => ds.reduce<Date | null>((m, d) => (d && (!m || d < m) ? d : m), null);
const latest = (ds: readonly (Date | null)[]) => ds.reduce<Date | null>((m, d) => (d && (!m || d > m) ? d : m), null);

/** Only the reception types, in their order, with whole amounts (a stored estimate is read defensively). */
function amountsOf(x: ReceptionAmounts): ReceptionAmounts {
  const out: ReceptionAmounts = {};
  for (const t of RECEPTION_TYPES) if (Number.isSafeInteger(x[t])) out[t] = x[t]!;
  return out;
}

/** One ledger entry from its facts. The live visitors when there are any, else what was kept for the ledger. */
export function ledgerEntry(f: LedgerFacts): LedgerEntry {
  const v = f.visit;
  const live = f.visitors.length > 0;
  const companies = live ? [...new Set(f.visitors.flatMap((p) => (p.company ? [p.company] : [])))] : [...(f.kept?.companies ?? [])];
  return {
    visitId: v.id,
    requestId: v.requestId,
    requestNumber: v.requestNumber,
    status: v.status,
    date: f.date,
    month: f.date.slice(0, 7),
    start: v.startsAt.toISOString(),
    end: v.endsAt.toISOString(),
    siteId: v.siteId,
    level: v.level,
    purpose: v.purpose,
    host: { id: v.hostId, name: v.hostName },
    department: { id: v.departmentId, name: v.departmentName },
    company: v.company,
    companies,
    visitorCount: live ? f.visitors.length : (f.kept?.visitorCount ?? 0),
    visitors: f.visitors.map((p) => ({ name: p.name, company: p.company, checkedInAt: iso(p.checkedInAt), checkedOutAt: iso(p.checkedOutAt) })),
    checkedInCount: live ? f.visitors.filter((p) => p.checkedInAt).length : (f.kept?.checkedInCount ?? 0),
    checkedInAt: iso(live ? earliest(f.visitors.map((p) => p.checkedInAt)) : f.kept?.firstInAt),
    checkedOutAt: iso(live ? latest(f.visitors.map((p) => p.checkedOutAt)) : f.kept?.lastOutAt),
    estimate: { byType: amountsOf(v.estimate), total: { minor: v.estimateMinor, currency: v.currency } },
    actual: f.claim ? { byType: amountsOf(f.claim.actual), total: { minor: f.claim.attributedMinor, currency: f.claim.currency }, settled: f.claim.settled } : null,
    reimbursement: f.claim ? { id: f.claim.reimbursementId, number: f.claim.number, status: f.claim.settled ? 'approved' : 'pending' } : null,
    invoices: (f.claim?.invoices ?? []).map((i) => ({ id: i.id, number: i.number, code: i.code, total: { minor: i.totalMinor, currency: i.currency }, issueDate: i.issueDate })),
  };
}

export const STATS_DIMENSIONS = ['company', 'department', 'month'] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number];

export interface StatsRow {
  /** The company name, the department id or the month (YYYY-MM); '' for visits registered without a company. */
  key: string;
  label: string;
  currency: string;
  visits: number;
  visitors: number;
  /** Visits per month over the period asked (a month's row: its own visits). */
  perMonth: number;
  estimate: { minor: number; currency: string };
  /** Hospitality cost of approved claims, and how many visits it covers. */
  cost: { minor: number; currency: string };
  costedVisits: number;
  /** cost ÷ costed visits (rounded half up); null while no visit of the group has an approved claim. */
  costPerVisit: Money | null;
}

/** Calendar months from `from` to `to` (YYYY-MM-DD), both counted. */
export function monthsSpanned(from: string, to: string): number {
  const m = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
  return Math.max(1, m(to) - m(from) + 1);
}

/**
 * Statistics of ledger entries by customer company, department or month, one row per key and currency. Cost counts
 * approved claims only (a pending claim's cost is not spent yet); visits per month divide by the months of the period.
 */
export function receptionStats(entries: readonly LedgerEntry[], by: StatsDimension, period: { from: string; to: string }): StatsRow[] {
  const months = monthsSpanned(period.from, period.to);
  const rows = new Map<string, StatsRow>();
  for (const e of entries) {
    const key = by === 'company' ? (e.company ?? '') : by === 'department' ? e.department.id : e.month;
    const label = by === 'company' ? (e.company ?? '') : by === 'department' ? (e.department.name ?? e.department.id) : e.month;
    const currency = e.estimate.total.currency;
    const id = `${key}\u0000${currency}`;
    const row = rows.get(id) ?? { key, label, currency, visits: 0, visitors: 0, perMonth: 0, estimate: { minor: 0, currency }, cost: { minor: 0, currency }, costedVisits: 0, costPerVisit: null };
    row.visits += 1;
    row.visitors += e.visitorCount;
    row.estimate.minor += e.estimate.total.minor;
    if (e.actual?.settled && e.actual.total.currency === currency) {
      row.cost.minor += e.actual.total.minor;
      row.costedVisits += 1;
    }
    rows.set(id, row);
  }
  const out = [...rows.values()].map((r) => ({
    ...r,
    perMonth: Math.round((r.visits / (by === 'month' ? 1 : months)) * 100) / 100,
    costPerVisit: r.costedVisits > 0 ? { minor: Math.floor((2 * r.cost.minor + r.costedVisits) / (2 * r.costedVisits)), currency: r.currency } : null,
  }));
  return by === 'month' ? out.sort((a, b) => a.key.localeCompare(b.key) || a.currency.localeCompare(b.currency)) : out.sort((a, b) => b.visits - a.visits || a.key.localeCompare(b.key) || a.currency.localeCompare(b.currency));
}

const dec = (minor: number | undefined, currency: string): string => (minor === undefined ? '' : toDecimalString({ minor, currency }));

/** The ledger as CSV for a spreadsheet (byte order mark first): one row per visit, amounts in the currency's decimals, visitors as "name (company)". */
export function ledgerCsv(entries: readonly LedgerEntry[]): string {
  const header = [
    'visit_id', 'request_number', 'date', 'status', 'company', 'visitor_count', 'visitors', 'checked_in_at', 'checked_out_at', 'host_id', 'host', 'department_id', 'department', 'site', 'purpose', 'currency',
    'estimate_total', ...RECEPTION_TYPES.map((t) => `estimate_${t}`), 'actual_total', ...RECEPTION_TYPES.map((t) => `actual_${t}`), 'reimbursement_id', 'reimbursement_number', 'reimbursement_status', 'invoices',
  ];
  const rows = entries.map((e): CsvCell[] => {
    const c = e.estimate.total.currency;
    return [
      e.visitId, e.requestNumber, e.date, e.status, e.company, e.visitorCount, e.visitors.map((p) => (p.company ? `${p.name} (${p.company})` : p.name)).join('; '), e.checkedInAt, e.checkedOutAt,
      e.host.id, e.host.name, e.department.id, e.department.name, e.siteId, e.purpose, c,
      dec(e.estimate.total.minor, c), ...RECEPTION_TYPES.map((t) => dec(e.estimate.byType[t], c)),
      e.actual ? dec(e.actual.total.minor, e.actual.total.currency) : '', ...RECEPTION_TYPES.map((t) => (e.actual ? dec(e.actual.byType[t], e.actual.total.currency) : '')),
      e.reimbursement?.id, e.reimbursement?.number, e.reimbursement?.status, e.invoices.map((i) => i.number).join('; '),
    ];
  });
  return toCsv(header, rows, { forSpreadsheet: true });
}

/** The statistics as CSV, one row per key and currency. */
export function statsCsv(rows: readonly StatsRow[], by: StatsDimension): string {
  return toCsv(
    [by, 'label', 'currency', 'visits', 'visitors', 'visits_per_month', 'estimate_total', 'cost_total', 'costed_visits', 'cost_per_visit'],
    rows.map((r) => [r.key, r.label, r.currency, r.visits, r.visitors, r.perMonth, dec(r.estimate.minor, r.currency), dec(r.cost.minor, r.currency), r.costedVisits, r.costPerVisit ? dec(r.costPerVisit.minor, r.currency) : '']),
    { forSpreadsheet: true },
  );
}
