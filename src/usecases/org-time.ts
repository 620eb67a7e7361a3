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

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than formatting (it showed in profiles). */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The date at `now` in `timeZone`, as YYYY-MM-DD. */
export function localDate(now: Date, timeZone: string): string {
  let f = dateFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    // Zones are few (IANA names); the bound only guards against a flood of bad ones.
    if (dateFormats.size >= 1000) dateFormats.clear();
    dateFormats.set(timeZone, f);
  }
  return f.format(now);
}
