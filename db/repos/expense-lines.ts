// Expense lines: insert (idempotent by source), load, list per employee, move between statuses with a version check.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { expenseLines } from '../schema/index.js';
import type { Executor } from '../database.js';

export type LineRow = typeof expenseLines.$inferSelect;
export type NewLine = typeof expenseLines.$inferInsert;

/** Inserts a line; with a source ref a repeat returns the existing line instead (`created: false`). */
export async function insertLine(db: Executor, row: NewLine): Promise<{ line: LineRow; created: boolean }> {
  const [inserted] = await db.insert(expenseLines).values(row).onConflictDoNothing().returning();
  if (inserted) return { line: inserted, created: true };
  const [existing] = await db
    .select()
    .from(expenseLines)
    .where(and(eq(expenseLines.orgId, row.orgId), eq(expenseLines.source, row.source), eq(expenseLines.sourceRef, row.sourceRef ?? '')));
  if (!existing) throw new Error(`expense line ${row.id} conflicted but no line has source ${row.source}/${row.sourceRef}`);
  return { line: existing, created: false };
}

/** Inserts many lines in one statement; a repeat of a line's source is ignored. */
export async function insertLines(db: Executor, rows: readonly NewLine[]): Promise<void> {
  if (rows.length) await db.insert(expenseLines).values([...rows]).onConflictDoNothing();
}

export async function getLine(db: Executor, orgId: string, id: string, lock = false): Promise<LineRow | undefined> {
  const q = db.select().from(expenseLines).where(and(eq(expenseLines.orgId, orgId), eq(expenseLines.id, id)));
  const [r] = lock ? await q.for('update') : await q;
  return r;
}

/** The lines with these ids, locked, in id order (a stable lock order avoids deadlocks between two claims). */
export async function lockLines(db: Executor, orgId: string, ids: readonly string[]): Promise<LineRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(expenseLines).where(and(eq(expenseLines.orgId, orgId), inArray(expenseLines.id, [...ids]))).orderBy(asc(expenseLines.id)).for('update');
}

export async function linesOfReimbursement(db: Executor, orgId: string, reimbursementId: string): Promise<LineRow[]> {
  return db.select().from(expenseLines).where(and(eq(expenseLines.orgId, orgId), eq(expenseLines.reimbursementId, reimbursementId))).orderBy(asc(expenseLines.id));
}

export async function linesOfApplication(db: Executor, orgId: string, applicationId: string): Promise<LineRow[]> {
  return db.select().from(expenseLines).where(and(eq(expenseLines.orgId, orgId), eq(expenseLines.applicationId, applicationId))).orderBy(asc(expenseLines.date), asc(expenseLines.id));
}

export async function listLines(db: Executor, orgId: string, f: { employeeId?: string; status?: string; applicationId?: string; limit: number }): Promise<LineRow[]> {
  const conds = [eq(expenseLines.orgId, orgId)];
  if (f.employeeId) conds.push(eq(expenseLines.employeeId, f.employeeId));
  if (f.status) conds.push(eq(expenseLines.status, f.status));
  if (f.applicationId) conds.push(eq(expenseLines.applicationId, f.applicationId));
  return db.select().from(expenseLines).where(and(...conds)).orderBy(asc(expenseLines.date), asc(expenseLines.id)).limit(f.limit);
}

/** Sets fields of a line, bumping its version. */
export async function updateLine(db: Executor, orgId: string, id: string, set: Partial<Pick<LineRow, 'status' | 'reimbursementId' | 'invoiceId' | 'cardTxnId' | 'applicationId' | 'category' | 'description'>>, now: Date): Promise<void> {
  await db
    .update(expenseLines)
    .set({ ...set, updatedAt: now, version: sql`${expenseLines.version} + 1` })
    .where(and(eq(expenseLines.orgId, orgId), eq(expenseLines.id, id)));
}

/** Moves every line of a reimbursement to `status` (approved → reimbursed; rejected or withdrawn → open again). */
export async function setReimbursementLines(db: Executor, orgId: string, reimbursementId: string, status: string, detach: boolean, now: Date): Promise<void> {
  await db
    .update(expenseLines)
    .set({ status, ...(detach ? { reimbursementId: null } : {}), updatedAt: now, version: sql`${expenseLines.version} + 1` })
    .where(and(eq(expenseLines.orgId, orgId), eq(expenseLines.reimbursementId, reimbursementId)));
}
