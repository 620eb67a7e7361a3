// When a payable falls due: the organisation's date at creation plus the payment terms (PAYABLE_TERMS_DAYS, default
// 0: due at once). Every place that creates a payable (an approved advance, a settled reimbursement) takes its due date
// from here, so a payment run proposed "due by today" means the same thing for all of them.
import type { Executor } from '../../../db/database.js';
import { orgTimeZone, localDate } from '../org-time.js';

/** `date` (YYYY-MM-DD) plus `days` calendar days. */
export function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The due date, YYYY-MM-DD, of a payable created at `at` by `orgId` under `termsDays` of payment terms. */
export async function dueOnFor(db: Executor, orgId: string, at: Date, termsDays: number): Promise<string> {
  return addCalendarDays(localDate(at, await orgTimeZone(db, orgId)), termsDays);
}
