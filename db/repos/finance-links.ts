// One-time page links (finance pages, the gate): recording a link's use is what makes it one-time (the key refuses a
// second row). The table keeps its first name, finance_link_uses; `page` holds the link's scope.
import type { Executor } from '../database.js';
import { financeLinkUses } from '../schema/index.js';

/** Records link `linkId` as used; false when it was used already (by anyone, at any time). */
export async function claimPageLink(db: Executor, row: typeof financeLinkUses.$inferInsert): Promise<boolean> {
  const inserted = await db.insert(financeLinkUses).values(row).onConflictDoNothing().returning({ linkId: financeLinkUses.linkId });
  return inserted.length === 1;
}
