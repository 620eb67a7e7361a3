// Scheduled job: the staff's reminder of each approved visit, VISIT_REMINDER_MINUTES before it starts.
import type { Db } from '../../db/database.js';
import { runVisitReminders } from '../usecases/reception/visit-reminders.js';
import type { Job } from './scheduler.js';

/** Every minute, on one instance per tick; the outbox keys keep each reminder to once however it runs. */
export function visitReminderJob(deps: { db: Db; config: { VISIT_REMINDER_MINUTES: number } }): Job {
  return { name: 'visit-reminders', everyMs: 60_000, run: (now) => runVisitReminders(deps, now, deps.config.VISIT_REMINDER_MINUTES) };
}
