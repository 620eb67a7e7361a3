// Sites, visits and visitors: every function takes the organisation.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { sites, visitors, visits } from '../schema/index.js';

export type SiteRow = typeof sites.$inferSelect;
export type VisitRow = typeof visits.$inferSelect;
export type VisitorRow = typeof visitors.$inferSelect;

/** Creates or replaces a site (its id is the organisation's own). */
export async function saveSite(tx: Executor, orgId: string, row: Omit<typeof sites.$inferInsert, 'orgId'>): Promise<void> {
  const { id: _id, createdAt: _created, ...set } = row;
  await tx.insert(sites).values({ ...row, orgId }).onConflictDoUpdate({ target: [sites.orgId, sites.id], set });
}

export async function getSite(db: Executor, orgId: string, id: string): Promise<SiteRow | undefined> {
  const [r] = await db.select().from(sites).where(and(eq(sites.orgId, orgId), eq(sites.id, id)));
  return r;
}

export async function listSites(db: Executor, orgId: string): Promise<SiteRow[]> {
  return db.select().from(sites).where(eq(sites.orgId, orgId)).orderBy(asc(sites.id));
}

export async function insertVisit(tx: Executor, orgId: string, row: Omit<typeof visits.$inferInsert, 'orgId'>, people: readonly Omit<typeof visitors.$inferInsert, 'orgId' | 'visitId'>[]): Promise<void> {
  await tx.insert(visits).values({ ...row, orgId });
  await tx.insert(visitors).values(people.map((p) => ({ ...p, orgId, visitId: row.id })));
}

/** A visit with its visitors (in the order registered). */
export async function getVisit(db: Executor, orgId: string, id: string): Promise<{ visit: VisitRow; visitors: VisitorRow[] } | undefined> {
  const [visit] = await db.select().from(visits).where(and(eq(visits.orgId, orgId), eq(visits.id, id)));
  if (!visit) return undefined;
  return { visit, visitors: await visitorsOf(db, orgId, id) };
}

export async function visitorsOf(db: Executor, orgId: string, visitId: string): Promise<VisitorRow[]> {
  return db.select().from(visitors).where(and(eq(visitors.orgId, orgId), eq(visitors.visitId, visitId))).orderBy(asc(visitors.createdAt), asc(visitors.id));
}

/**
 * The visit an approval request carries, locked for the caller's transaction; of a recurring visit's series, the first
 * occurrence (visitsOfRequest gives them all).
 */
export async function visitOfRequest(tx: Executor, orgId: string, requestId: string): Promise<VisitRow | undefined> {
  const [r] = await tx.select().from(visits).where(and(eq(visits.orgId, orgId), eq(visits.requestId, requestId))).orderBy(asc(visits.occurrence)).limit(1).for('update');
  return r;
}

/** Every visit an approval request carries (one, or each occurrence of a series in order), locked for the caller. */
export async function visitsOfRequest(tx: Executor, orgId: string, requestId: string): Promise<VisitRow[]> {
  return tx.select().from(visits).where(and(eq(visits.orgId, orgId), eq(visits.requestId, requestId))).orderBy(asc(visits.occurrence)).for('update');
}

/** Moves a visit from `from` to `to`; false when it was not in `from` (decided meanwhile). */
export async function moveVisit(tx: Executor, orgId: string, id: string, from: string, to: string, now: Date): Promise<boolean> {
  const r = await tx
    .update(visits)
    .set({ status: to, updatedAt: now, version: sql`${visits.version} + 1` })
    .where(and(eq(visits.orgId, orgId), eq(visits.id, id), eq(visits.status, from)))
    .returning({ id: visits.id });
  return r.length > 0;
}

/** Gives visitors the ids their invitation codes name. */
export async function setInvitationIds(tx: Executor, orgId: string, given: readonly { visitorId: string; invitationId: string }[]): Promise<void> {
  for (const g of given) await tx.update(visitors).set({ invitationId: g.invitationId }).where(and(eq(visitors.orgId, orgId), eq(visitors.id, g.visitorId)));
}

/** The organisation's visits starting in [from, until), earliest first. */
export async function listVisits(db: Executor, orgId: string, from: Date, until: Date): Promise<VisitRow[]> {
  return db
    .select()
    .from(visits)
    .where(and(eq(visits.orgId, orgId), sql`${visits.startsAt} >= ${from.toISOString()}::timestamptz`, sql`${visits.startsAt} < ${until.toISOString()}::timestamptz`))
    .orderBy(asc(visits.startsAt), asc(visits.id));
}

/** A visitor of a visit, locked for the caller's transaction. */
export async function lockVisitor(tx: Executor, orgId: string, visitId: string, visitorId: string): Promise<VisitorRow | undefined> {
  const [r] = await tx.select().from(visitors).where(and(eq(visitors.orgId, orgId), eq(visitors.visitId, visitId), eq(visitors.id, visitorId))).for('update');
  return r;
}

/** Replaces a visitor's details (names, sealed numbers with their MACs and last four, the invitation id). */
export async function updateVisitorDetails(
  tx: Executor,
  orgId: string,
  visitorId: string,
  set: Pick<typeof visitors.$inferInsert, 'name' | 'company' | 'title' | 'mobileEnc' | 'mobileLast4' | 'mobileMac' | 'idNumberEnc' | 'idLast4' | 'idMac' | 'invitationId'>,
): Promise<void> {
  await tx.update(visitors).set(set).where(and(eq(visitors.orgId, orgId), eq(visitors.id, visitorId)));
}
