// The finance pages' one-time links: recording a link's use is what makes it one-time (the key refuses a second row).
import type { Executor } from '../database.js';
import { financeLinkUses } from '../schema/index.js';

/** Records link `linkId` as used; false when it was used already (by anyone, at any time). */
export async function claimFinanceLink(db: Executor, row: typeof financeLinkUses.$inferInsert): Promise<boolean> {
  const inserted = await db.insert(financeLinkUses).values(row).onConflictDoNothing().returning({ linkId: financeLinkUses.linkId });
  return inserted.length === 1;
}
