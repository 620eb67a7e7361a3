// Visits as the reminder job reads them: approved ones about to start, across organisations.
import { and, asc, eq, gt, lte } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { visits } from '../schema/index.js';

/**
 * Approved visits starting in (`after`, `until`], earliest first.
 * @crossOrg The scheduler serves every organisation; each row names its own.
 */
export async function approvedVisitsStarting(db: Executor, after: Date, until: Date, limit: number): Promise<{ orgId: string; id: string; startsAt: Date }[]> {
  return db
    .select({ orgId: visits.orgId, id: visits.id, startsAt: visits.startsAt })
    .from(visits)
    .where(and(eq(visits.status, 'approved'), gt(visits.startsAt, after), lte(visits.startsAt, until)))
    .orderBy(asc(visits.startsAt), asc(visits.id))
    .limit(limit);
}
