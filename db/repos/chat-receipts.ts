// Receipts sent in chat: one row per platform message and file, what was read from it and what became of it.
import { and, eq, sql } from 'drizzle-orm';
import { chatReceipts } from '../schema/index.js';
import type { Executor } from '../database.js';

export type ChatReceiptRow = typeof chatReceipts.$inferSelect;
export type NewChatReceipt = typeof chatReceipts.$inferInsert;

/**
 * Inserts the row for a source (platform:message:file) unless the organisation has one already: `created: false` and
 * the existing row for a repeat (a redelivered event, a retried fetch), which then changes nothing.
 */
export async function insertChatReceipt(db: Executor, row: NewChatReceipt): Promise<{ row: ChatReceiptRow; created: boolean }> {
  const [inserted] = await db.insert(chatReceipts).values(row).onConflictDoNothing().returning();
  if (inserted) return { row: inserted, created: true };
  const existing = await chatReceiptBySource(db, row.orgId, row.sourceKey);
  if (!existing) throw new Error(`chat receipt ${row.id} conflicted but none has source ${row.sourceKey}`);
  return { row: existing, created: false };
}

export async function chatReceiptBySource(db: Executor, orgId: string, sourceKey: string): Promise<ChatReceiptRow | undefined> {
  const [r] = await db.select().from(chatReceipts).where(and(eq(chatReceipts.orgId, orgId), eq(chatReceipts.sourceKey, sourceKey)));
  return r;
}

export async function getChatReceipt(db: Executor, orgId: string, id: string, lock = false): Promise<ChatReceiptRow | undefined> {
  const q = db.select().from(chatReceipts).where(and(eq(chatReceipts.orgId, orgId), eq(chatReceipts.id, id)));
  const [r] = lock ? await q.for('update') : await q;
  return r;
}

/** Moves a row on (confirmed), bumping its version. */
export async function updateChatReceipt(db: Executor, orgId: string, id: string, set: Partial<Pick<ChatReceiptRow, 'status' | 'lineId' | 'receiptId'>>, now: Date): Promise<void> {
  await db
    .update(chatReceipts)
    .set({ ...set, updatedAt: now, version: sql`${chatReceipts.version} + 1` })
    .where(and(eq(chatReceipts.orgId, orgId), eq(chatReceipts.id, id)));
}
