// `chat.visit`: the schedule card a visit's staff get (src/usecases/reception/visit-reminders.ts queues it), built from
// the visit as it stands when sent: who comes (mobiles masked), when, where, who receives them and what to prepare.
// A visit no longer approved, or a reminder for one already started, is dropped; a copy already delivered to someone
// on a channel is not sent again when the row is retried.
import type { Executor } from '../../db/database.js';
import { getRequest } from '../../db/repos/approvals.js';
import { getCard } from '../../db/repos/chat.js';
import { employeesByIds } from '../../db/repos/org.js';
import type { ClaimedMessage } from '../../db/repos/outbox.js';
import { getSite, getVisit } from '../../db/repos/reception.js';
import type { VisitPlanFacts, VisitScheduleCardView } from '../../cards/view-model.js';
import type { OutboxHandler } from '../jobs/dispatcher.js';
import type { VisitCardPayload } from '../usecases/reception/visit-reminders.js';
import { localeOf, recipientsOf, type ApprovalCardDeps } from './approval-cards.js';
import { deliver } from './deliver.js';

/** The card of `p`'s visit, or undefined when nothing should be sent. */
export async function visitScheduleView(tx: Executor, orgId: string, p: VisitCardPayload, now: Date): Promise<{ cardKey: string; view: VisitScheduleCardView } | undefined> {
  const stored = await getVisit(tx, orgId, p.visitId);
  if (!stored || stored.visit.status !== 'approved') return undefined;
  const v = stored.visit;
  if (p.occasion === 'reminder' && v.startsAt.getTime() <= now.getTime()) return undefined;
  // One after the other: a transaction's client runs one statement at a time (pg deprecates queueing on it).
  const site = await getSite(tx, orgId, v.siteId);
  const request = await getRequest(tx, orgId, v.requestId);
  const staff = await employeesByIds(tx, orgId, [v.hostId, ...v.companions]);
  const nameOf = (id: string) => staff.find((e) => e.id === id)?.name ?? id;
  const view: VisitScheduleCardView = {
    kind: 'visit_schedule',
    occasion: p.occasion,
    visitId: v.id,
    ...(request?.number ? { number: request.number } : {}),
    role: p.role,
    visit: {
      ...(v.company ? { company: v.company } : {}),
      purpose: v.purpose,
      visitors: stored.visitors.map((x) => ({ name: x.name, ...(x.company ? { company: x.company } : {}), ...(x.title ? { title: x.title } : {}), ...(x.mobileLast4 ? { mobile: `****${x.mobileLast4}` } : {}) })),
      level: v.level as NonNullable<VisitPlanFacts['level']>,
      start: v.startsAt.toISOString(),
      end: v.endsAt.toISOString(),
      site: site?.name ?? v.siteId,
      ...(site?.address ? { address: site.address } : {}),
      host: nameOf(v.hostId),
      ...(v.companions.length ? { companions: v.companions.map(nameOf) } : {}),
      resources: v.resources as NonNullable<VisitPlanFacts['resources']>,
    },
  };
  // The reminder is named after the start it is for: a visit moved to another time is reminded again.
  const cardKey = p.occasion === 'reminder' ? `visit:${v.id}:reminder:${v.startsAt.toISOString()}` : `visit:${v.id}:approved`;
  return { cardKey, view };
}

/** Sends the card to every chat the staff member is reachable in, once per chat. */
export function visitCardHandler(deps: ApprovalCardDeps): OutboxHandler {
  return async (msg: ClaimedMessage) => {
    const p = msg.payload as VisitCardPayload;
    await deps.db.transaction(async (tx) => {
      const [employee] = await employeesByIds(tx, msg.orgId, [p.employeeId]);
      if (!employee?.active) return;
      const now = deps.clock.now();
      const built = await visitScheduleView(tx, msg.orgId, p, now);
      if (!built) return;
      for (const r of await recipientsOf(tx, deps, msg.orgId, p.employeeId, localeOf(employee.locale))) {
        if (await getCard(tx, msg.orgId, built.cardKey, r.channel, r.employeeId)) continue;
        await deliver(tx, deps.ids, r, built, now);
      }
    });
  };
}
