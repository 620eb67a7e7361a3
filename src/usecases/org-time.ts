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

/** The date at `now` in `timeZone`, as YYYY-MM-DD. */
export function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
