// Period keys ('2026-11', '2026-Q4', '2026') from calendar dates and back, by string arithmetic with no time zones.
import { domainError, err, ok, type Result } from '../shared/index.js';
import type { PeriodKind, PeriodRange } from './budget.types.js';

const MIN_YEAR = 1;
/** Year 9999's period would end in year 10000, which is not a 'YYYY-MM-DD' date. */
const MAX_YEAR = 9998;

interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const isoDate = (year: number, month: number, day: number): string => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function parseDate(date: string): CalendarDate | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return undefined;
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** True when `date` is a real calendar date written 'YYYY-MM-DD' (years 0001–9998). */
export function isPeriodDate(date: string): boolean {
  return parseDate(date) !== undefined;
}

const KEY_BUILDERS: Readonly<Record<PeriodKind, (d: CalendarDate) => string>> = {
  month: (d) => `${pad(d.year, 4)}-${pad(d.month, 2)}`,
  quarter: (d) => `${pad(d.year, 4)}-Q${Math.ceil(d.month / 3)}`,
  year: (d) => pad(d.year, 4),
};

/**
 * The key of the `kind` period containing `date`: ('2026-11-05', 'month') → '2026-11', 'quarter' → '2026-Q4',
 * 'year' → '2026'. A malformed date is a programming error (dates are validated at the edge) and throws RangeError;
 * check with `isPeriodDate` first when the input is untrusted.
 */
export function periodKeyFor(date: string, kind: PeriodKind): string {
  const d = parseDate(date);
  if (!d) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return KEY_BUILDERS[kind](d);
}

/** The month, quarter and year keys of the periods containing `date`, in that order. Throws like `periodKeyFor`. */
export function periodsContaining(date: string): [month: string, quarter: string, year: string] {
  return [periodKeyFor(date, 'month'), periodKeyFor(date, 'quarter'), periodKeyFor(date, 'year')];
}

/** Parses a period key into its kind and [start, end) dates, or VALIDATION.INVALID. */
export function parsePeriodKey(key: string): Result<PeriodRange> {
  const invalid = (why: string) => err(domainError('VALIDATION.INVALID', `invalid period key ${JSON.stringify(key)}: ${why}`, { key }));
  const m = /^(\d{4})(?:-(?:(0[1-9]|1[0-2])|Q([1-4])))?$/.exec(key);
  if (!m) return invalid("expected 'YYYY', 'YYYY-MM' or 'YYYY-Qn'");
  const year = Number(m[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) return invalid(`year must be between ${MIN_YEAR} and ${MAX_YEAR}`);
  if (m[2] !== undefined) {
    const month = Number(m[2]);
    const end = month === 12 ? isoDate(year + 1, 1, 1) : isoDate(year, month + 1, 1);
    return ok({ kind: 'month', start: isoDate(year, month, 1), end });
  }
  if (m[3] !== undefined) {
    const q = Number(m[3]);
    const end = q === 4 ? isoDate(year + 1, 1, 1) : isoDate(year, q * 3 + 1, 1);
    return ok({ kind: 'quarter', start: isoDate(year, q * 3 - 2, 1), end });
  }
  return ok({ kind: 'year', start: isoDate(year, 1, 1), end: isoDate(year + 1, 1, 1) });
}
