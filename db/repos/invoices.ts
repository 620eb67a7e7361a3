// Invoices, their org-wide identity keys (the duplicate check) and receipt files.
import { and, eq, inArray } from 'drizzle-orm';
import { invoiceKeys, invoices, receipts } from '../schema/index.js';
import type { Executor } from '../database.js';

export type InvoiceRow = typeof invoices.$inferSelect;
export type ReceiptRow = typeof receipts.$inferSelect;

/**
 * Claims every key for `invoiceId`. Returns the keys some other invoice already holds (then the caller rolls back).
 * A racing claim of the same key waits for the first transaction and then sees it taken.
 */
export async function claimInvoiceKeys(db: Executor, orgId: string, invoiceId: string, lineId: string, keys: readonly string[]): Promise<{ key: string; invoiceId: string; lineId: string }[]> {
  if (keys.length === 0) return [];
  const inserted = await db
    .insert(invoiceKeys)
    .values(keys.map((key) => ({ orgId, key, invoiceId, lineId })))
    .onConflictDoNothing()
    .returning({ key: invoiceKeys.key });
  const mine = new Set(inserted.map((r) => r.key));
  const taken = keys.filter((k) => !mine.has(k));
  if (taken.length === 0) return [];
  return db.select({ key: invoiceKeys.key, invoiceId: invoiceKeys.invoiceId, lineId: invoiceKeys.lineId }).from(invoiceKeys).where(and(eq(invoiceKeys.orgId, orgId), inArray(invoiceKeys.key, taken)));
}

export async function insertInvoice(db: Executor, row: typeof invoices.$inferInsert): Promise<void> {
  await db.insert(invoices).values(row);
}

export async function getInvoice(db: Executor, orgId: string, id: string): Promise<InvoiceRow | undefined> {
  const [r] = await db.select().from(invoices).where(and(eq(invoices.orgId, orgId), eq(invoices.id, id)));
  return r;
}

export async function invoicesByIds(db: Executor, orgId: string, ids: readonly string[]): Promise<InvoiceRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(invoices).where(and(eq(invoices.orgId, orgId), inArray(invoices.id, [...ids])));
}

export async function insertReceipt(db: Executor, row: typeof receipts.$inferInsert): Promise<void> {
  await db.insert(receipts).values(row);
}

export async function receiptsOfLine(db: Executor, orgId: string, lineId: string): Promise<ReceiptRow[]> {
  return db.select().from(receipts).where(and(eq(receipts.orgId, orgId), eq(receipts.lineId, lineId)));
}

export async function getReceipt(db: Executor, orgId: string, id: string): Promise<ReceiptRow | undefined> {
  const [r] = await db.select().from(receipts).where(and(eq(receipts.orgId, orgId), eq(receipts.id, id)));
  return r;
}
