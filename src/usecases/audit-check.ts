// Checking an organisation's audit log: seal what is pending, recompute the hash chain, and show the outbox's state.
import type { Db } from '../../db/database.js';
import { sealAudit, verifyAuditChain } from '../../db/repos/audit.js';
import { outboxStats } from '../../db/repos/outbox.js';

/** Seals the organisation's pending audit rows, then verifies its chain; with the counts of its outbox messages by status. */
export async function verifyAudit(deps: { db: Db }, orgId: string) {
  await sealAudit(deps.db, { orgId });
  return { ...(await verifyAuditChain(deps.db, orgId)), outbox: await outboxStats(deps.db, orgId) };
}
