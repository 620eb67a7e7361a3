// Supplier settlement statements, their lines and exceptions; and the supplier orders a statement is matched with.
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { supplierOrders, supplierStatementExceptions, supplierStatementLines, supplierStatements } from '../schema/index.js';
import type { Executor } from '../database.js';

export type StatementRow = typeof supplierStatements.$inferSelect;
export type StatementLineRow = typeof supplierStatementLines.$inferSelect;
export type StatementExceptionRow = typeof supplierStatementExceptions.$inferSelect;
/** An order as settlement needs it: no offer document, only the service day taken from it in SQL. */
export interface SettlementOrderRow {
  id: string;
  supplierOrderId: string | null;
  clientRef: string;
  status: string;
  payment: string;
  amountMinor: number;
  refundedMinor: number;
  currency: string;
  /** 'YYYY-MM-DD' of the offer's departure or check-in ('' when it has neither). */
  serviceDate: string;
}

const settlementColumns = {
  id: supplierOrders.id,
  supplierOrderId: supplierOrders.supplierOrderId,
  clientRef: supplierOrders.clientRef,
  status: supplierOrders.status,
  payment: supplierOrders.payment,
  amountMinor: supplierOrders.amountMinor,
  refundedMinor: supplierOrders.refundedMinor,
  currency: supplierOrders.currency,
  serviceDate: sql<string>`left(coalesce(${supplierOrders.offer}->>'departAt', ${supplierOrders.offer}->>'checkIn', ''), 10)`,
};

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
export async function ordersBySupplierIds(db: Executor, orgId: string, supplier: string, supplierOrderIds: readonly string[]): Promise<SettlementOrderRow[]> {
  const out: SettlementOrderRow[] = [];
  for (const ids of slices(supplierOrderIds)) out.push(...(await db.select(settlementColumns).from(supplierOrders).where(and(eq(supplierOrders.orgId, orgId), eq(supplierOrders.supplier, supplier), inArray(supplierOrders.supplierOrderId, ids)))));
  return out;
}

/** Completed company-paid orders whose service day (departure or check-in, from the offer) falls in 'YYYY-MM'. */
export async function completedCompanyOrdersOfMonth(db: Executor, orgId: string, supplier: string, month: string): Promise<SettlementOrderRow[]> {
  return db
    .select(settlementColumns)
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

/**
 * Inserts a statement's lines, 5,000 at a time as one JSON parameter each (jsonb_to_recordset): a month can have
 * thousands of lines, and one row of bind parameters per line cost PGlite about 0.6 ms a line.
 */
export async function insertStatementLines(db: Executor, rows: readonly StatementLineRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = JSON.stringify(rows.slice(i, i + 5000));
    await db.execute(sql`
      INSERT INTO supplier_statement_lines (id, org_id, statement_id, line_no, line_id, supplier_order_ref, client_ref, kind, amount_minor, currency, date, status, exception, order_id)
      SELECT x."id", x."orgId", x."statementId", x."lineNo", x."lineId", x."supplierOrderRef", x."clientRef", x."kind", x."amountMinor", x."currency", x."date", x."status", x."exception", x."orderId"
      FROM jsonb_to_recordset(${chunk}::jsonb) AS x("id" text, "orgId" text, "statementId" text, "lineNo" integer, "lineId" text, "supplierOrderRef" text, "clientRef" text, "kind" text, "amountMinor" bigint, "currency" text, "date" text, "status" text, "exception" text, "orderId" text)`);
  }
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

/** The differences of each supplier's latest statement (what finance still has to take up with the supplier), in order. */
export async function latestSupplierDifferences(db: Executor, orgId: string) {
  return db
    .select({ supplier: supplierStatements.supplier, month: supplierStatements.month, statementId: supplierStatements.id, kind: supplierStatementExceptions.kind, lineNos: supplierStatementExceptions.lineNos, supplierOrderRef: supplierStatementExceptions.supplierOrderRef, billedMinor: supplierStatementExceptions.billedMinor, expectedMinor: supplierStatementExceptions.expectedMinor, currency: supplierStatementExceptions.currency, reason: supplierStatementExceptions.reason })
    .from(supplierStatementExceptions)
    .innerJoin(supplierStatements, and(eq(supplierStatements.orgId, supplierStatementExceptions.orgId), eq(supplierStatements.id, supplierStatementExceptions.statementId)))
    .where(
      and(
        eq(supplierStatementExceptions.orgId, orgId),
        sql`${supplierStatements.month} = (SELECT max(s2.month) FROM supplier_statements s2 WHERE s2.org_id = ${orgId} AND s2.supplier = ${supplierStatements.supplier})`,
      ),
    )
    .orderBy(asc(supplierStatements.supplier), asc(supplierStatementExceptions.position))
    .limit(500);
}
