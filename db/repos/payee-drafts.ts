// Accounts employees typed in chat, waiting for their confirmation (numbers sealed). Taken once: confirming or
// cancelling deletes the row, so a second click finds nothing; expired rows are purged by the retention job.
import { and, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { payeeDrafts } from '../schema/index.js';
import type { Executor } from '../database.js';

export type PayeeDraftRow = typeof payeeDrafts.$inferSelect;

export async function insertPayeeDraft(db: Executor, row: PayeeDraftRow): Promise<void> {
  await db.insert(payeeDrafts).values(row);
}

/**
 * Takes (deletes and returns) an employee's pending account if it has not expired; undefined when it was taken
 * before, expired, or is someone else's. Two clicks at once: one gets it.
 */
export async function takePayeeDraft(db: Executor, orgId: string, id: string, employeeId: string, now: Date): Promise<PayeeDraftRow | undefined> {
  const [r] = await db
    .delete(payeeDrafts)
    .where(and(eq(payeeDrafts.orgId, orgId), eq(payeeDrafts.id, id), eq(payeeDrafts.employeeId, employeeId), gt(payeeDrafts.expiresAt, now)))
    .returning();
  return r;
}

/** Deletes an employee's pending accounts other than `keep` (a newer one replaces them); returns the ids deleted. */
export async function dropOtherPayeeDrafts(db: Executor, orgId: string, employeeId: string, keep: string): Promise<string[]> {
  const rows = await db
    .delete(payeeDrafts)
    .where(and(eq(payeeDrafts.orgId, orgId), eq(payeeDrafts.employeeId, employeeId), sql`${payeeDrafts.id} <> ${keep}`))
    .returning({ id: payeeDrafts.id });
  return rows.map((r) => r.id);
}

/**
 * Deletes up to `limit` pending accounts that expired before `before`; returns how many.
 * @crossOrg Retention is one rule for every organisation: an unconfirmed account is wiped once its half hour is over.
 */
export async function purgeExpiredPayeeDrafts(db: Executor, before: Date, limit: number): Promise<number> {
  const rows = await db
    .delete(payeeDrafts)
    .where(inArray(payeeDrafts.id, db.select({ id: payeeDrafts.id }).from(payeeDrafts).where(lt(payeeDrafts.expiresAt, before)).limit(limit)))
    .returning({ id: payeeDrafts.id });
  return rows.length;
}
