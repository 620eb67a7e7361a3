// Supplier orders of approved trips.
import { and, asc, eq, sql } from 'drizzle-orm';
import { supplierOrders } from '../schema/index.js';
import type { Executor } from '../database.js';

export type OrderRow = typeof supplierOrders.$inferSelect;

/** Inserts an order row; a repeat of the same client ref keeps the first. */
export async function insertOrder(db: Executor, row: typeof supplierOrders.$inferInsert): Promise<OrderRow> {
  const [inserted] = await db.insert(supplierOrders).values(row).onConflictDoNothing().returning();
  if (inserted) return inserted;
  const [existing] = await db.select().from(supplierOrders).where(and(eq(supplierOrders.orgId, row.orgId), eq(supplierOrders.clientRef, row.clientRef)));
  return existing!;
}

export async function ordersOfTrip(db: Executor, orgId: string, tripId: string): Promise<OrderRow[]> {
  return db.select().from(supplierOrders).where(and(eq(supplierOrders.orgId, orgId), eq(supplierOrders.tripId, tripId))).orderBy(asc(supplierOrders.createdAt), asc(supplierOrders.id));
}

/**
 * Which organisation a supplier's order belongs to. @crossOrg The supplier account serves the whole deployment and its
 * signed callbacks name only its own order id, so this resolves the organisation the way a platform tenant is resolved;
 * everything after it is scoped to that organisation.
 */
export async function orgOfSupplierOrder(db: Executor, supplier: string, supplierOrderId: string): Promise<string | undefined> {
  const [r] = await db.select({ orgId: supplierOrders.orgId }).from(supplierOrders).where(and(eq(supplierOrders.supplier, supplier), eq(supplierOrders.supplierOrderId, supplierOrderId)));
  return r?.orgId;
}

/** The order a supplier callback names, locked for the update that follows. */
export async function orderBySupplierId(db: Executor, orgId: string, supplier: string, supplierOrderId: string): Promise<OrderRow | undefined> {
  const [r] = await db
    .select()
    .from(supplierOrders)
    .where(and(eq(supplierOrders.orgId, orgId), eq(supplierOrders.supplier, supplier), eq(supplierOrders.supplierOrderId, supplierOrderId)))
    .for('update');
  return r;
}

/** One order by our id. */
export async function getOrder(db: Executor, orgId: string, id: string): Promise<OrderRow | undefined> {
  const [r] = await db.select().from(supplierOrders).where(and(eq(supplierOrders.orgId, orgId), eq(supplierOrders.id, id)));
  return r;
}

export async function updateOrder(db: Executor, orgId: string, id: string, set: Partial<Pick<OrderRow, 'status' | 'amountMinor' | 'refundedMinor' | 'supplierOrderId' | 'expenseLineId' | 'error' | 'offer'>>, now: Date): Promise<void> {
  await db
    .update(supplierOrders)
    .set({ ...set, updatedAt: now, version: sql`${supplierOrders.version} + 1` })
    .where(and(eq(supplierOrders.orgId, orgId), eq(supplierOrders.id, id)));
}
