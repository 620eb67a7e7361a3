// The registry of organisations (tenants), for the platform operator. Unlike every other repository these functions
// are not scoped to one organisation: they are the one place that lists or creates organisations themselves.
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import type { Organisation } from '../../domain/org/index.js';
import { apiKeys, organisations } from '../schema/index.js';
import type { Executor } from '../database.js';
import { ensureAuditHead } from './audit.js';

export interface OrganisationRow extends Organisation {
  createdAt: Date;
}

/**
 * Inserts a new organisation and its audit chain head; returns false (and changes nothing) when the id is taken.
 * The insert itself decides, so two operators creating the same id at once cannot both succeed.
 */
export async function insertOrganisation(db: Executor, org: Organisation, now: Date): Promise<boolean> {
  const rows = await db.insert(organisations).values({ ...org, createdAt: now }).onConflictDoNothing().returning({ id: organisations.id });
  if (rows.length === 0) return false;
  await ensureAuditHead(db, org.id);
  return true;
}

/** Every organisation, oldest first. */
export async function listOrganisations(db: Executor): Promise<OrganisationRow[]> {
  const rows = await db.select().from(organisations).orderBy(asc(organisations.createdAt), asc(organisations.id));
  return rows.map((r) => ({ id: r.id, name: r.name, timeZone: r.timeZone, defaultCurrency: r.defaultCurrency, createdAt: r.createdAt }));
}

/** How many unrevoked API keys the organisation has. */
export async function liveApiKeyCount(db: Executor, orgId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(apiKeys).where(and(eq(apiKeys.orgId, orgId), isNull(apiKeys.revokedAt)));
  return Number(row?.n ?? 0);
}

/** Locks the organisation's row for the rest of the transaction; false when there is no such organisation. */
export async function lockOrganisation(db: Executor, orgId: string): Promise<boolean> {
  const rows = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, orgId)).for('update');
  return rows.length > 0;
}
