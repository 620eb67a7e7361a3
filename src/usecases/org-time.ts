// Calendar dates in an organisation's time zone (the domain takes dates as YYYY-MM-DD strings). Every date derived from
// a clock or a timestamp goes through here: UTC's date is the day before Beijing's until 08:00.
import type { Executor } from '../../db/database.js';
import { getOrganisation } from '../../db/repos/org.js';
import { DEFAULT_TIME_ZONE } from '../../domain/org/index.js';

/** The zone of an organisation that has none recorded (the domain's default for a new organisation). */
export { DEFAULT_TIME_ZONE };

/** The organisation's IANA time zone. */
export async function orgTimeZone(db: Executor, orgId: string): Promise<string> {
  return (await getOrganisation(db, orgId))?.timeZone ?? DEFAULT_TIME_ZONE;
}

/** The organisation's date at `at`, as YYYY-MM-DD. */
export async function orgDate(db: Executor, orgId: string, at: Date): Promise<string> {
  return localDate(at, await orgTimeZone(db, orgId));
}

/** One formatter per zone and kind: building an Intl.DateTimeFormat costs far more than formatting (it showed in profiles). */
function formatterIn(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, make: (timeZone: string) => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = cache.get(timeZone);
  if (!f) {
    f = make(timeZone);
    // Zones are few (IANA names); the bound only guards against a flood of bad ones.
    if (cache.size >= 1000) cache.clear();
    cache.set(timeZone, f);
  }
  return f;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The date at `now` in `timeZone`, as YYYY-MM-DD. */
export function localDate(now: Date, timeZone: string): string {
  return formatterIn(dateFormats, timeZone, (tz) => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' })).format(now);
}

/** `date` (YYYY-MM-DD) plus `days` calendar days (negative: back). */
export function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

// Wall-clock time in a zone: the local HH:MM now, and the instant a local day starts (daylight-saving zones included:
// the offset is read at the instant, not assumed).
const clockFormats = new Map<string, Intl.DateTimeFormat>();

function partsIn(at: Date, timeZone: string): Record<string, number> {
  const f = formatterIn(clockFormats, timeZone, (tz) => new Intl.DateTimeFormat('en-GB', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }));
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(at)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** The local time at `at` in `timeZone`, as HH:MM (24-hour). */
export function localClock(at: Date, timeZone: string): string {
  const p = partsIn(at, timeZone);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** Minutes `timeZone` is ahead of UTC at `at`. */
function offsetMinutes(at: Date, timeZone: string): number {
  const p = partsIn(at, timeZone);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant `day` begins in `timeZone` (00:00 local; where midnight is skipped by a DST change, the first instant after). */
export function zonedMidnight(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  let at = guess - offsetMinutes(new Date(guess), timeZone) * 60_000;
  // The offset at the answer may differ from the one at the guess (a change between them): settle on the answer's.
  at = guess - offsetMinutes(new Date(at), timeZone) * 60_000;
  return new Date(at);
}
