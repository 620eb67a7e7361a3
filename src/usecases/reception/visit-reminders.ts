// Reminders to the staff receiving a visit: the host, the companions and the site's reception desk get its schedule
// and resources in chat when it is approved (queued in the approval's own transaction) and again VISIT_REMINDER_MINUTES
// before it starts (a scheduled job). Each is an outbox row whose key names the visit, the occasion (the reminder: the
// start it was for) and the person, so however many instances run the job, or however often it is retried, each
// person gets each card once. Withdrawn, rejected and started visits get no reminder; the handler checks again when
// it sends (src/chat/visit-cards.ts). The visitors' own SMS is not sent from here.
import type { Db, Executor } from '../../../db/database.js';
import { smsMessage } from './invitations.js';
import { enqueue, type OutboxMessage } from '../../../db/repos/outbox.js';
import { getSite, getVisit, type SiteRow, type VisitRow } from '../../../db/repos/reception.js';
import { approvedVisitsStarting } from '../../../db/repos/visit-schedule.js';

/** A staff card about a visit: `{ visitId, employeeId, role, occasion }`. */
export const TOPIC_CHAT_VISIT = 'chat.visit';

export type StaffRole = 'host' | 'companion' | 'desk';
export type VisitOccasion = 'approved' | 'reminder';

export interface VisitCardPayload {
  visitId: string;
  employeeId: string;
  role: StaffRole;
  occasion: VisitOccasion;
}

/** Who receives a visit, each once, in the strongest role they hold (a host on the desk is told as the host). */
export function staffOf(visit: Pick<VisitRow, 'hostId' | 'companions'>, site: Pick<SiteRow, 'deskIds'> | undefined): { employeeId: string; role: StaffRole }[] {
  const out = new Map<string, StaffRole>();
  out.set(visit.hostId, 'host');
  for (const c of visit.companions) if (!out.has(c)) out.set(c, 'companion');
  for (const d of site?.deskIds ?? []) if (!out.has(d)) out.set(d, 'desk');
  return [...out].map(([employeeId, role]) => ({ employeeId, role }));
}

/** The outbox rows telling a visit's staff of it on `occasion`; the reminder's key carries the start it is for. */
export function staffMessages(visit: Pick<VisitRow, 'id' | 'orgId' | 'hostId' | 'companions' | 'startsAt'>, site: Pick<SiteRow, 'deskIds'> | undefined, occasion: VisitOccasion): OutboxMessage[] {
  const when = occasion === 'reminder' ? `:${visit.startsAt.toISOString()}` : '';
  return staffOf(visit, site).map(({ employeeId, role }) => ({
    orgId: visit.orgId,
    topic: TOPIC_CHAT_VISIT,
    key: `visit-staff:${visit.id}:${occasion}${when}:${employeeId}`,
    payload: { visitId: visit.id, employeeId, role, occasion } satisfies VisitCardPayload,
  }));
}

/** Queues the approval cards of a visit just approved, in the caller's (the approval's) transaction. */
export async function visitStaffOnApproval(tx: Executor, orgId: string, visitId: string): Promise<void> {
  const stored = await getVisit(tx, orgId, visitId);
  if (!stored) return;
  await enqueue(tx, staffMessages(stored.visit, await getSite(tx, orgId, stored.visit.siteId), 'approved'));
}

/**
 * Queues the reminder of every approved visit starting within `minutes` of `now` (and not started yet). Returns how
 * many visits it looked at; running it again queues nothing new (the keys are taken).
 */
export async function runVisitReminders(deps: { db: Db }, now: Date, minutes: number, batch = 500): Promise<number> {
  const due = await approvedVisitsStarting(deps.db, now, new Date(now.getTime() + minutes * 60_000), batch);
  for (const v of due) {
    await deps.db.transaction(async (tx) => {
      const stored = await getVisit(tx, v.orgId, v.id);
      if (!stored || stored.visit.status !== 'approved') return;
      await enqueue(tx, staffMessages(stored.visit, await getSite(tx, v.orgId, stored.visit.siteId), 'reminder'));
      // The visitors too: a text with their link again (once each: the key names the visitor and the template).
      const texts = stored.visitors.filter((p) => p.mobileEnc && !p.revokedAt && !p.checkedInAt && !p.purgedAt).map((p) => smsMessage(v.orgId, p.id, 'visit_reminder'));
      if (texts.length > 0) await enqueue(tx, texts);
    });
  }
  return due.length;
}
