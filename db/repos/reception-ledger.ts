// The reception ledger's rows: visits linked to hospitality claims, the figures kept for the ledger, and the completed
// visits of a period with their host, department and visitors. Every function takes the organisation.
import { and, asc, eq, exists, inArray, isNotNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { departments, employees, requests, visitClaims, visitLedgerFacts, visitors, visits } from '../schema/index.js';

export type VisitClaimRow = typeof visitClaims.$inferSelect;
export type LedgerFactsRow = typeof visitLedgerFacts.$inferSelect;

/**
 * Links visits to a claim. A visit that already has a live link (another claim, pending or approved) is left out by the
 * partial unique index: the ids returned are the visits actually linked, so a concurrent claim loses cleanly.
 */
export async function insertVisitClaims(tx: Executor, orgId: string, rows: readonly Omit<typeof visitClaims.$inferInsert, 'orgId'>[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const r = await tx
    .insert(visitClaims)
    .values(rows.map((x) => ({ ...x, orgId })))
    .onConflictDoNothing()
    .returning({ visitId: visitClaims.visitId });
  return r.map((x) => x.visitId);
}

/** The live (linked or settled) claim links of these visits. */
export async function liveClaimsOfVisits(db: Executor, orgId: string, visitIds: readonly string[]): Promise<VisitClaimRow[]> {
  if (visitIds.length === 0) return [];
  return db
    .select()
    .from(visitClaims)
    .where(and(eq(visitClaims.orgId, orgId), inArray(visitClaims.visitId, [...new Set(visitIds)]), ne(visitClaims.status, 'unlinked')));
}

/** The visits a claim links (in any state), locked for the caller's transaction. */
export async function claimLinksOf(tx: Executor, orgId: string, reimbursementId: string): Promise<VisitClaimRow[]> {
  return tx.select().from(visitClaims).where(and(eq(visitClaims.orgId, orgId), eq(visitClaims.reimbursementId, reimbursementId))).orderBy(asc(visitClaims.visitId)).for('update');
}

/** Moves a claim's links from `from` to `to`; the visit ids moved (none when a retry finds them moved already). */
export async function moveClaimLinks(tx: Executor, orgId: string, reimbursementId: string, from: string, to: string, now: Date): Promise<string[]> {
  const r = await tx
    .update(visitClaims)
    .set({ status: to, updatedAt: now })
    .where(and(eq(visitClaims.orgId, orgId), eq(visitClaims.reimbursementId, reimbursementId), eq(visitClaims.status, from)))
    .returning({ visitId: visitClaims.visitId });
  return r.map((x) => x.visitId);
}

/** Records (or refreshes) what a visit's ledger entry keeps beyond its visitors' personal data. */
export async function saveLedgerFacts(tx: Executor, orgId: string, row: Omit<typeof visitLedgerFacts.$inferInsert, 'orgId'>): Promise<void> {
  const { visitId: _v, ...set } = row;
  await tx.insert(visitLedgerFacts).values({ ...row, orgId }).onConflictDoUpdate({ target: [visitLedgerFacts.orgId, visitLedgerFacts.visitId], set });
}

export async function ledgerFactsOf(db: Executor, orgId: string, visitIds: readonly string[]): Promise<LedgerFactsRow[]> {
  if (visitIds.length === 0) return [];
  return db.select().from(visitLedgerFacts).where(and(eq(visitLedgerFacts.orgId, orgId), inArray(visitLedgerFacts.visitId, [...new Set(visitIds)])));
}

export interface LedgerVisitRow {
  visit: typeof visits.$inferSelect;
  requestNumber: string | null;
  departmentId: string;
  departmentName: string | null;
  hostName: string | null;
}

/**
 * Completed visits starting in [from, until): done, or approved with the window over and someone checked in (from the
 * live visitors or, after a purge, the kept figures). `attendee` limits them to visits hosted or accompanied by that
 * employee; `visitId` to one visit. Earliest first.
 */
export async function completedVisits(db: Executor, orgId: string, f: { from: Date; until: Date; now: Date; attendee?: string; visitId?: string }): Promise<LedgerVisitRow[]> {
  const checkedIn = or(
    exists(db.select({ one: sql`1` }).from(visitors).where(and(eq(visitors.orgId, visits.orgId), eq(visitors.visitId, visits.id), isNotNull(visitors.checkedInAt)))),
    exists(db.select({ one: sql`1` }).from(visitLedgerFacts).where(and(eq(visitLedgerFacts.orgId, visits.orgId), eq(visitLedgerFacts.visitId, visits.id), sql`${visitLedgerFacts.checkedInCount} > 0`))),
  );
  const rows = await db
    .select({ visit: visits, requestNumber: requests.number, departmentId: requests.departmentId, departmentName: departments.name, hostName: employees.name })
    .from(visits)
    .innerJoin(requests, and(eq(requests.orgId, visits.orgId), eq(requests.id, visits.requestId)))
    .leftJoin(departments, and(eq(departments.orgId, visits.orgId), eq(departments.id, requests.departmentId)))
    .leftJoin(employees, and(eq(employees.orgId, visits.orgId), eq(employees.id, visits.hostId)))
    .where(
      and(
        eq(visits.orgId, orgId),
        sql`${visits.startsAt} >= ${f.from.toISOString()}::timestamptz`,
        sql`${visits.startsAt} < ${f.until.toISOString()}::timestamptz`,
        or(eq(visits.status, 'done'), and(eq(visits.status, 'approved'), lt(visits.endsAt, f.now), checkedIn)),
        f.attendee ? or(eq(visits.hostId, f.attendee), sql`${f.attendee} = ANY(${visits.companions})`) : undefined,
        f.visitId ? eq(visits.id, f.visitId) : undefined,
      ),
    )
    .orderBy(asc(visits.startsAt), asc(visits.id));
  return rows;
}

/** The visitors of these visits: names, companies and gate times only (never their numbers). */
export async function visitorsForLedger(db: Executor, orgId: string, visitIds: readonly string[]) {
  if (visitIds.length === 0) return [];
  return db
    .select({ visitId: visitors.visitId, name: visitors.name, company: visitors.company, checkedInAt: visitors.checkedInAt, checkedOutAt: visitors.checkedOutAt })
    .from(visitors)
    .where(and(eq(visitors.orgId, orgId), inArray(visitors.visitId, [...new Set(visitIds)])))
    .orderBy(asc(visitors.visitId), asc(visitors.createdAt), asc(visitors.id));
}
