// The gate's reads and writes: visitors by invitation, check-in and check-out (each a single guarded UPDATE, so a code
// scanned twice at once admits once), who is on site, invitations sent, the watchlist, and the day's end. Every
// function takes the organisation except `invitationOwner`: the visitor's own link names no organisation.
import { and, asc, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { visitors, visits, watchlist } from '../schema/index.js';
import type { VisitorRow, VisitRow } from './reception.js';

export type WatchRow = typeof watchlist.$inferSelect;

/**
 * The organisation and visitor an invitation id belongs to. The one lookup across organisations: the visitor's link
 * carries only a signed random id, and it is only asked after the signature has been verified.
 * @crossOrg The visitor's public page has no organisation until its signed code names the invitation.
 */
export async function invitationOwner(db: Executor, invitationId: string): Promise<{ orgId: string; visitorId: string; visitId: string } | undefined> {
  const [r] = await db.select({ orgId: visitors.orgId, visitorId: visitors.id, visitId: visitors.visitId }).from(visitors).where(eq(visitors.invitationId, invitationId));
  return r;
}

/** A visitor with their visit; `lock` takes the visitor's row for the caller's transaction. */
export async function visitorWithVisit(tx: Executor, orgId: string, by: { visitorId: string } | { invitationId: string }, lock = false): Promise<{ visitor: VisitorRow; visit: VisitRow } | undefined> {
  const where = 'visitorId' in by ? eq(visitors.id, by.visitorId) : eq(visitors.invitationId, by.invitationId);
  const q = tx.select({ visitor: visitors, visit: visits }).from(visitors).innerJoin(visits, and(eq(visits.orgId, visitors.orgId), eq(visits.id, visitors.visitId))).where(and(eq(visitors.orgId, orgId), where));
  const [r] = lock ? await q.for('update', { of: visitors }) : await q;
  return r;
}

/** Records the check-in; false when the visitor was already checked in (by anyone, however close the race). */
export async function markCheckedIn(tx: Executor, orgId: string, visitorId: string, at: Date, by: string): Promise<boolean> {
  const r = await tx
    .update(visitors)
    .set({ checkedInAt: at, checkedInBy: by, noShow: false })
    .where(and(eq(visitors.orgId, orgId), eq(visitors.id, visitorId), isNull(visitors.checkedInAt)))
    .returning({ id: visitors.id });
  return r.length === 1;
}

/** Records the check-out; false unless the visitor is in (checked in and not out). */
export async function markCheckedOut(tx: Executor, orgId: string, visitorId: string, at: Date, by: string): Promise<boolean> {
  const r = await tx
    .update(visitors)
    .set({ checkedOutAt: at, checkedOutBy: by })
    .where(and(eq(visitors.orgId, orgId), eq(visitors.id, visitorId), isNotNull(visitors.checkedInAt), isNull(visitors.checkedOutAt)))
    .returning({ id: visitors.id });
  return r.length === 1;
}

/** Who is in the building at a site now (checked in, not out), earliest first: the evacuation list. */
export async function onSiteVisitors(db: Executor, orgId: string, siteId: string): Promise<{ visitor: VisitorRow; visit: VisitRow }[]> {
  return db
    .select({ visitor: visitors, visit: visits })
    .from(visitors)
    .innerJoin(visits, and(eq(visits.orgId, visitors.orgId), eq(visits.id, visitors.visitId)))
    .where(and(eq(visitors.orgId, orgId), eq(visits.siteId, siteId), isNotNull(visitors.checkedInAt), isNull(visitors.checkedOutAt)))
    .orderBy(asc(visitors.checkedInAt), asc(visitors.id));
}

/** Approved visitors of a site whose visit overlaps [from, until) and who have not come yet. */
export async function expectedVisitors(db: Executor, orgId: string, siteId: string, from: Date, until: Date): Promise<{ visitor: VisitorRow; visit: VisitRow }[]> {
  return db
    .select({ visitor: visitors, visit: visits })
    .from(visitors)
    .innerJoin(visits, and(eq(visits.orgId, visitors.orgId), eq(visits.id, visitors.visitId)))
    .where(
      and(
        eq(visitors.orgId, orgId),
        eq(visits.siteId, siteId),
        eq(visits.status, 'approved'),
        isNull(visitors.checkedInAt),
        isNull(visitors.revokedAt),
        eq(visitors.noShow, false),
        lt(visits.startsAt, until),
        sql`${visits.endsAt} > ${from.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(visits.startsAt), asc(visitors.id));
}

/** Records what became of a visitor's invitation text. */
export async function markInvited(tx: Executor, orgId: string, visitorId: string, outcome: { at: Date; ref: string } | { error: string }): Promise<void> {
  await tx
    .update(visitors)
    .set('error' in outcome ? { inviteError: outcome.error } : { invitedAt: outcome.at, inviteRef: outcome.ref, inviteError: null })
    .where(and(eq(visitors.orgId, orgId), eq(visitors.id, visitorId)));
}

export async function addWatch(tx: Executor, orgId: string, row: Omit<typeof watchlist.$inferInsert, 'orgId'>): Promise<void> {
  await tx.insert(watchlist).values({ ...row, orgId });
}

export async function listWatch(db: Executor, orgId: string): Promise<WatchRow[]> {
  return db.select().from(watchlist).where(eq(watchlist.orgId, orgId)).orderBy(asc(watchlist.createdAt), asc(watchlist.id));
}

/** Removes an entry; false when the organisation has none by that id. */
export async function removeWatch(tx: Executor, orgId: string, id: string): Promise<WatchRow | undefined> {
  const [r] = await tx.delete(watchlist).where(and(eq(watchlist.orgId, orgId), eq(watchlist.id, id))).returning();
  return r;
}

/**
 * Entries that match a person: the same ID or mobile number (by MAC), or the same name with the same company (or an
 * entry naming no company). Names are compared trimmed and case-folded.
 */
export async function watchMatches(db: Executor, orgId: string, who: { name?: string; company?: string; mobileMac?: string; idMac?: string }): Promise<WatchRow[]> {
  const conds = [];
  if (who.idMac) conds.push(eq(watchlist.idMac, who.idMac));
  if (who.mobileMac) conds.push(eq(watchlist.mobileMac, who.mobileMac));
  if (who.name) {
    const name = sql`lower(btrim(${watchlist.name})) = lower(btrim(${who.name}))`;
    conds.push(who.company ? and(name, or(isNull(watchlist.company), sql`lower(btrim(${watchlist.company})) = lower(btrim(${who.company}))`)) : and(name, isNull(watchlist.company)));
  }
  if (conds.length === 0) return [];
  return db.select().from(watchlist).where(and(eq(watchlist.orgId, orgId), or(...conds)));
}

/**
 * The day's end at a site's organisation: visitors still in whose visit ended before `endedBefore` are checked out at
 * `closeAt` (marked as closed by the system); approved visitors who never came to a visit that ended are no-shows.
 * Returns how many of each.
 */
export async function closeVisitsEnded(tx: Executor, orgId: string, endedBefore: Date, closeAt: Date): Promise<{ closed: number; noShows: number }> {
  const ended = sql`${visitors.visitId} IN (SELECT ${visits.id} FROM ${visits} WHERE ${visits.orgId} = ${orgId} AND ${visits.status} = 'approved' AND ${visits.endsAt} < ${endedBefore.toISOString()}::timestamptz)`;
  const closed = await tx
    .update(visitors)
    .set({ checkedOutAt: closeAt, checkedOutBy: 'system', checkOutClosed: true })
    .where(and(eq(visitors.orgId, orgId), isNotNull(visitors.checkedInAt), isNull(visitors.checkedOutAt), ended))
    .returning({ id: visitors.id });
  const noShows = await tx
    .update(visitors)
    .set({ noShow: true })
    .where(and(eq(visitors.orgId, orgId), isNull(visitors.checkedInAt), eq(visitors.noShow, false), ended))
    .returning({ id: visitors.id });
  return { closed: closed.length, noShows: noShows.length };
}

/** Approved visits that ended before `endedBefore` with nobody still in: done (their ledger entry can be drawn). */
export async function finishEndedVisits(tx: Executor, orgId: string, endedBefore: Date, now: Date): Promise<string[]> {
  const rows = await tx
    .update(visits)
    .set({ status: 'done', updatedAt: now, version: sql`${visits.version} + 1` })
    .where(
      and(
        eq(visits.orgId, orgId),
        eq(visits.status, 'approved'),
        sql`${visits.endsAt} < ${endedBefore.toISOString()}::timestamptz`,
        sql`NOT EXISTS (SELECT 1 FROM ${visitors} WHERE ${visitors.orgId} = ${orgId} AND ${visitors.visitId} = ${visits.id} AND ${visitors.checkedInAt} IS NOT NULL AND ${visitors.checkedOutAt} IS NULL)`,
      ),
    )
    .returning({ id: visits.id });
  return rows.map((r) => r.id);
}

/** Visits at a site still waiting for a decision whose window has begun by `until` and not ended at `now` (walk-ins at the gate). */
export async function waitingVisitsAt(db: Executor, orgId: string, siteId: string, now: Date, until: Date): Promise<VisitRow[]> {
  return db
    .select()
    .from(visits)
    .where(and(eq(visits.orgId, orgId), eq(visits.siteId, siteId), eq(visits.status, 'pending'), lt(visits.startsAt, until), sql`${visits.endsAt} > ${now.toISOString()}::timestamptz`))
    .orderBy(asc(visits.createdAt));
}

/**
 * Retention: visitors whose visit ended before `before` lose their personal data (name, title, numbers, invitation),
 * up to `batch` rows; the visit keeps its company, times and costs for the ledger.
 * @crossOrg The retention job purges for every organisation at once, by the visit's end only.
 */
export async function purgeVisitorData(db: Executor, before: Date, batch: number, now: Date): Promise<number> {
  const rows = await db
    .update(visitors)
    .set({ name: '(purged)', title: null, mobileEnc: null, mobileLast4: null, idNumberEnc: null, idLast4: null, invitationId: null, purgedAt: now })
    .where(
      sql`${visitors.id} IN (SELECT vr.id FROM ${visitors} vr JOIN ${visits} vs ON vs.org_id = vr.org_id AND vs.id = vr.visit_id WHERE vr.purged_at IS NULL AND vs.ends_at < ${before.toISOString()}::timestamptz LIMIT ${batch})`,
    )
    .returning({ id: visitors.id });
  return rows.length;
}
