// When a payable falls due: the organisation's date at creation plus the payment terms (PAYABLE_TERMS_DAYS, default
// 0: due at once). Every place that creates a payable (an approved advance, a settled reimbursement) takes its due date
// from here, so a payment run proposed "due by today" means the same thing for all of them.
import type { Executor } from '../../../db/database.js';
import { addCalendarDays, orgTimeZone, localDate } from '../org-time.js';

/** The due date, YYYY-MM-DD, of a payable created at `at` by `orgId` under `termsDays` of payment terms. */
export async function dueOnFor(db: Executor, orgId: string, at: Date, termsDays: number): Promise<string> {
  return addCalendarDays(localDate(at, await orgTimeZone(db, orgId)), termsDays);
}
