// A request being put together in chat: which fields it still needs, and how a follow-up answer fills them in.
import type { ExpenseFields, ParsedRequest, TripFields, VisitFields } from '../nlu/index.js';

export type DraftIntent = 'trip' | 'expense' | 'visit';

export interface Draft {
  readonly intent: DraftIntent;
  readonly trip?: TripFields;
  readonly expense?: ExpenseFields;
  readonly visit?: VisitFields;
}

/** A field the bot may ask for, as `<intent>.<field>`. */
export type FieldKey =
  | 'trip.destination'
  | 'trip.departDate'
  | 'trip.returnDate'
  | 'expense.amount'
  | 'expense.date'
  | 'visit.visitorName'
  | 'visit.visitDate'
  | 'visit.startTime';

/** What each kind of request must have before it can be submitted, in the order the bot asks. */
const REQUIRED: Readonly<Record<DraftIntent, readonly FieldKey[]>> = {
  trip: ['trip.destination', 'trip.departDate', 'trip.returnDate'],
  expense: ['expense.amount', 'expense.date'],
  visit: ['visit.visitorName', 'visit.visitDate', 'visit.startTime'],
};

type FieldKind = 'place' | 'date' | 'amount' | 'name' | 'time';
const KIND: Readonly<Record<FieldKey, FieldKind>> = {
  'trip.destination': 'place',
  'trip.departDate': 'date',
  'trip.returnDate': 'date',
  'expense.amount': 'amount',
  'expense.date': 'date',
  'visit.visitorName': 'name',
  'visit.visitDate': 'date',
  'visit.startTime': 'time',
};

const get = (d: Draft, key: FieldKey): unknown => {
  const [section, field] = key.split('.') as [DraftIntent, string];
  return (d[section] as Record<string, unknown> | undefined)?.[field];
};

/** The required fields still missing, in asking order. */
export function missingFields(d: Draft): FieldKey[] {
  return REQUIRED[d.intent].filter((k) => get(d, k) === undefined);
}

/** A draft from a first message that has a request intent, or undefined for status/unknown messages. */
export function draftFrom(p: ParsedRequest): Draft | undefined {
  if (p.intent === 'trip') return { intent: 'trip', trip: p.trip ?? {} };
  if (p.intent === 'expense') return { intent: 'expense', expense: p.expense ?? { category: 'other' } };
  if (p.intent === 'visit') return { intent: 'visit', visit: p.visit ?? {} };
  return undefined;
}

/** Every value of each kind the parse found, whatever intent it guessed: a follow-up answer is often a bare value. */
function valuesByKind(p: ParsedRequest): Record<FieldKind, unknown[]> {
  const out: Record<FieldKind, unknown[]> = { place: [], date: [], amount: [], name: [], time: [] };
  const push = (kind: FieldKind, v: unknown) => v !== undefined && out[kind].push(v);
  push('place', p.trip?.destination);
  push('place', p.trip?.origin);
  push('date', p.trip?.departDate);
  push('date', p.expense?.date);
  push('date', p.visit?.visitDate);
  push('date', p.trip?.returnDate);
  push('amount', p.expense?.amount);
  push('amount', p.trip?.estimatedAmount);
  push('name', p.visit?.visitorName);
  push('time', p.visit?.startTime);
  return out;
}

/**
 * Folds a follow-up message into the draft. The field the bot asked for takes the first value of its kind (so "周四"
 * answers "when do you return?"); other fields of the same kind of request fill gaps but never overwrite, unless
 * `overwrite` (the user pressed Edit and is correcting the draft).
 */
export function mergeAnswer(d: Draft, p: ParsedRequest, asked?: FieldKey, overwrite = false): Draft {
  const section = d.intent;
  const current = { ...((d[section] as Record<string, unknown> | undefined) ?? {}) };
  const given = (p[section] as Record<string, unknown> | undefined) ?? {};
  for (const [k, v] of Object.entries(given)) {
    if (v === undefined || (current[k] !== undefined && !overwrite)) continue;
    if (section === 'expense' && k === 'category' && v === 'other') continue;
    current[k] = v;
  }
  if (asked) {
    const [, field] = asked.split('.') as [DraftIntent, string];
    const value = asked === 'trip.returnDate' ? (p.trip?.returnDate ?? valuesByKind(p).date[0]) : valuesByKind(p)[KIND[asked]][0];
    if (value !== undefined) current[field] = value;
  }
  return { ...d, [section]: current } as Draft;
}

/** Problems a user must fix before submitting, as stable codes (worded by the chat layer). */
export type DraftProblem = 'RETURN_BEFORE_DEPARTURE' | 'EXPENSE_IN_FUTURE' | 'VISIT_IN_PAST';

/** Checks dates against each other and against today (`YYYY-MM-DD` strings compare as dates). */
export function draftProblems(d: Draft, today: string): DraftProblem[] {
  const out: DraftProblem[] = [];
  if (d.trip?.departDate && d.trip.returnDate && d.trip.returnDate < d.trip.departDate) out.push('RETURN_BEFORE_DEPARTURE');
  if (d.expense?.date && d.expense.date > today) out.push('EXPENSE_IN_FUTURE');
  if (d.visit?.visitDate && d.visit.visitDate < today) out.push('VISIT_IN_PAST');
  return out;
}
