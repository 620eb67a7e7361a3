// Advances (借款), their movements (offsets and repayments) and payables.
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { advanceMovements, advances, payables } from '../schema/index.js';
import type { Executor } from '../database.js';

export type AdvanceRow = typeof advances.$inferSelect;
export type PayableRow = typeof payables.$inferSelect;

export async function insertAdvance(db: Executor, row: typeof advances.$inferInsert): Promise<void> {
  await db.insert(advances).values(row).onConflictDoNothing();
}

export async function getAdvance(db: Executor, orgId: string, id: string, lock = false): Promise<AdvanceRow | undefined> {
  const q = db.select().from(advances).where(and(eq(advances.orgId, orgId), eq(advances.id, id)));
  const [r] = lock ? await q.for('update') : await q;
  return r;
}

/** The employee's advances with money outstanding, oldest first, locked (a reimbursement is about to offset them). */
export async function outstandingAdvances(db: Executor, orgId: string, employeeId: string, lock: boolean): Promise<AdvanceRow[]> {
  const q = db
    .select()
    .from(advances)
    .where(and(eq(advances.orgId, orgId), eq(advances.employeeId, employeeId), eq(advances.status, 'approved'), gt(advances.outstandingMinor, 0)))
    .orderBy(asc(advances.createdAt), asc(advances.id));
  return lock ? q.for('update') : q;
}

export async function listAdvances(db: Executor, orgId: string, employeeId?: string): Promise<AdvanceRow[]> {
  const conds = [eq(advances.orgId, orgId)];
  if (employeeId) conds.push(eq(advances.employeeId, employeeId));
  return db.select().from(advances).where(and(...conds)).orderBy(asc(advances.createdAt), asc(advances.id));
}

export async function updateAdvance(db: Executor, orgId: string, id: string, set: Partial<Pick<AdvanceRow, 'status' | 'outstandingMinor'>>, now: Date): Promise<void> {
  await db
    .update(advances)
    .set({ ...set, updatedAt: now, version: sql`${advances.version} + 1` })
    .where(and(eq(advances.orgId, orgId), eq(advances.id, id)));
}

export async function insertMovement(db: Executor, row: typeof advanceMovements.$inferInsert): Promise<boolean> {
  const r = await db.insert(advanceMovements).values(row).onConflictDoNothing().returning({ id: advanceMovements.id });
  return r.length > 0;
}

export async function movementsOf(db: Executor, orgId: string, advanceIds: readonly string[]) {
  if (advanceIds.length === 0) return [];
  return db.select().from(advanceMovements).where(and(eq(advanceMovements.orgId, orgId), inArray(advanceMovements.advanceId, [...advanceIds]))).orderBy(asc(advanceMovements.at));
}

/** Creates the payable for a source once (a repeat is ignored). Its due date is required (see dueOnFor). */
export async function insertPayable(db: Executor, row: typeof payables.$inferInsert & { dueOn: string }): Promise<void> {
  await db.insert(payables).values(row).onConflictDoNothing();
}

export async function listPayables(db: Executor, orgId: string, f: { status?: string; payeeId?: string }): Promise<PayableRow[]> {
  const conds = [eq(payables.orgId, orgId)];
  if (f.status) conds.push(eq(payables.status, f.status));
  if (f.payeeId) conds.push(eq(payables.payeeId, f.payeeId));
  return db.select().from(payables).where(and(...conds)).orderBy(asc(payables.createdAt), asc(payables.id));
}
