// Calendar-date arithmetic on day numbers (days since 1970-01-01, UTC-based), free of time-zone and DST effects.

const MS_PER_DAY = 86_400_000;

/** Day number of a valid y-m-d, or undefined when the date does not exist (Feb 30, month 13). */
export function dayOf(y: number, m: number, d: number): number | undefined {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

/** Day number of an ISO `YYYY-MM-DD`, or undefined when malformed or not a real date. */
export function parseIsoDate(iso: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? dayOf(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

/** `YYYY-MM-DD` of a day number. */
export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export interface YearMonthDay {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

export function ymd(day: number): YearMonthDay {
  const dt = new Date(day * MS_PER_DAY);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** ISO weekday: Monday 1 … Sunday 7 (1970-01-01 was a Thursday). */
export function isoWeekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7 + 1;
}

/** The Monday of the week containing `day` (weeks start on Monday, as in 周一 … 周日). */
export function mondayOf(day: number): number {
  return day - isoWeekday(day) + 1;
}

/** Year and month `k` months after y-m. */
export function addMonths(y: number, m: number, k: number): { y: number; m: number } {
  const index = y * 12 + (m - 1) + k;
  return { y: Math.floor(index / 12), m: (index % 12) + 1 };
}

/** Today's `YYYY-MM-DD` in `timeZone` (throws RangeError for an unknown zone). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
