// Supplier settlement statements, their lines and exceptions; and the supplier orders a statement is matched with.
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { supplierOrders, supplierStatementExceptions, supplierStatementLines, supplierStatements } from '../schema/index.js';
import type { Executor } from '../database.js';

export type StatementRow = typeof supplierStatements.$inferSelect;
export type StatementLineRow = typeof supplierStatementLines.$inferSelect;
export type StatementExceptionRow = typeof supplierStatementExceptions.$inferSelect;
type OrderRow = typeof supplierOrders.$inferSelect;

/** Distinct ids in slices small enough for one IN list (PostgreSQL takes at most 65,535 parameters per statement). */
function slices(ids: readonly string[], size = 5000): string[][] {
  const distinct = [...new Set(ids)];
  const out: string[][] = [];
  for (let i = 0; i < distinct.length; i += size) out.push(distinct.slice(i, i + size));
  return out;
}

/**
 * Which organisation each of these supplier order ids belongs to. @crossOrg One supplier account serves the whole
 * deployment, so its statement names every organisation's orders by the supplier's id only; this splits it the way a
 * callback is routed (orgOfSupplierOrder), and each organisation then sees and settles only its own part.
 */
export async function orgsOfSupplierOrders(db: Executor, supplier: string, supplierOrderIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const ids of slices(supplierOrderIds)) {
    const rows = await db.select({ ref: supplierOrders.supplierOrderId, orgId: supplierOrders.orgId }).from(supplierOrders).where(and(eq(supplierOrders.supplier, supplier), inArray(supplierOrders.supplierOrderId, ids)));
    for (const r of rows) out.set(r.ref!, r.orgId);
  }
  return out;
}

/** This organisation's orders with the supplier among these supplier order ids. */
export async function ordersBySupplierIds(db: Executor, orgId: string, supplier: string, supplierOrderIds: readonly string[]): Promise<OrderRow[]> {
  const out: OrderRow[] = [];
  for (const ids of slices(supplierOrderIds)) out.push(...(await db.select().from(supplierOrders).where(and(eq(supplierOrders.orgId, orgId), eq(supplierOrders.supplier, supplier), inArray(supplierOrders.supplierOrderId, ids)))));
  return out;
}

/** Completed company-paid orders whose service day (departure or check-in, from the offer) falls in 'YYYY-MM'. */
export async function completedCompanyOrdersOfMonth(db: Executor, orgId: string, supplier: string, month: string): Promise<OrderRow[]> {
  return db
    .select()
    .from(supplierOrders)
    .where(
      and(
        eq(supplierOrders.orgId, orgId),
        eq(supplierOrders.supplier, supplier),
        eq(supplierOrders.status, 'completed'),
        eq(supplierOrders.payment, 'company'),
        sql`coalesce(${supplierOrders.offer}->>'departAt', ${supplierOrders.offer}->>'checkIn') LIKE ${`${month}-%`}`,
      ),
    )
    .orderBy(asc(supplierOrders.id));
}

/** The statement of a month, if imported. */
export async function statementOfMonth(db: Executor, orgId: string, supplier: string, month: string): Promise<StatementRow | undefined> {
  const [r] = await db.select().from(supplierStatements).where(and(eq(supplierStatements.orgId, orgId), eq(supplierStatements.supplier, supplier), eq(supplierStatements.month, month)));
  return r;
}

/** Inserts a statement; false when one for the month exists already (a concurrent import won). */
export async function insertStatement(db: Executor, row: StatementRow): Promise<boolean> {
  const inserted = await db.insert(supplierStatements).values(row).onConflictDoNothing().returning({ id: supplierStatements.id });
  return inserted.length === 1;
}

export async function insertStatementLines(db: Executor, rows: readonly StatementLineRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insert(supplierStatementLines).values(rows.slice(i, i + 500));
}

export async function insertStatementExceptions(db: Executor, rows: readonly StatementExceptionRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insert(supplierStatementExceptions).values(rows.slice(i, i + 500));
}

/** Matched lines of earlier months' statements for these supplier orders, with their statement's month. */
export async function settledLinesBefore(db: Executor, orgId: string, supplier: string, month: string, supplierOrderIds: readonly string[]) {
  const out: { supplierOrderRef: string; lineId: string; kind: string; amountMinor: number; month: string }[] = [];
  for (const ids of slices(supplierOrderIds)) {
    const rows = await db
      .select({ supplierOrderRef: supplierStatementLines.supplierOrderRef, lineId: supplierStatementLines.lineId, kind: supplierStatementLines.kind, amountMinor: supplierStatementLines.amountMinor, month: supplierStatements.month })
      .from(supplierStatementLines)
      .innerJoin(supplierStatements, and(eq(supplierStatements.orgId, supplierStatementLines.orgId), eq(supplierStatements.id, supplierStatementLines.statementId)))
      .where(
        and(
          eq(supplierStatementLines.orgId, orgId),
          eq(supplierStatements.orgId, orgId),
          eq(supplierStatements.supplier, supplier),
          lt(supplierStatements.month, month),
          eq(supplierStatementLines.status, 'matched'),
          inArray(supplierStatementLines.supplierOrderRef, ids),
        ),
      );
    out.push(...rows);
  }
  return out;
}

/** Statements, newest month first. */
export async function listStatements(db: Executor, orgId: string, limit = 120): Promise<StatementRow[]> {
  return db.select().from(supplierStatements).where(eq(supplierStatements.orgId, orgId)).orderBy(desc(supplierStatements.month), asc(supplierStatements.supplier)).limit(limit);
}

export async function getStatement(db: Executor, orgId: string, id: string): Promise<StatementRow | undefined> {
  const [r] = await db.select().from(supplierStatements).where(and(eq(supplierStatements.orgId, orgId), eq(supplierStatements.id, id)));
  return r;
}

export async function linesOfStatement(db: Executor, orgId: string, statementId: string): Promise<StatementLineRow[]> {
  return db.select().from(supplierStatementLines).where(and(eq(supplierStatementLines.orgId, orgId), eq(supplierStatementLines.statementId, statementId))).orderBy(asc(supplierStatementLines.lineNo));
}

export async function exceptionsOfStatement(db: Executor, orgId: string, statementId: string): Promise<StatementExceptionRow[]> {
  return db.select().from(supplierStatementExceptions).where(and(eq(supplierStatementExceptions.orgId, orgId), eq(supplierStatementExceptions.statementId, statementId))).orderBy(asc(supplierStatementExceptions.position));
}
