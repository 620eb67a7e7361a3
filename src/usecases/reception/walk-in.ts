// A visitor who turns up without an invitation: the guard registers them at the gate, naming the host by employee id
// or name; the visit is routed to the host alone (a card in chat), and once approved the visitor shows among those
// expected, to be checked in. The watchlist is checked as for any registration.
import type { Db } from '../../../db/database.js';
import { activeEmployeesNamed, getEmployee } from '../../../db/repos/org.js';
import { waitingVisitsAt } from '../../../db/repos/reception-gate.js';
import { visitorsOf } from '../../../db/repos/reception.js';
import { domainError, err, ok, type Result } from '../../../domain/shared/index.js';
import { requireRole, type Actor } from '../authorise.js';
import { addCalendarDays, localDate, orgTimeZone, zonedMidnight } from '../org-time.js';
import { registerVisit, type ReceptionDeps, type VisitView } from './visits.js';

/** How long a walk-in's visit lasts unless the host changes it: two hours from arrival. */
const WALK_IN_MS = 2 * 3_600_000;

export interface WalkInInput {
  name: string;
  company?: string;
  mobile?: string;
  /** The host's employee id or full name. */
  host: string;
  purpose: string;
}

/** Registers a walk-in at `siteId` for the host's approval. ORG.UNKNOWN_EMPLOYEE when the host is nobody or several. */
export async function registerWalkIn(deps: ReceptionDeps, orgId: string, actor: Actor, siteId: string, input: WalkInInput): Promise<Result<{ visit: VisitView; hostName: string }>> {
  const typed = input.host.trim();
  const byId = typed ? await getEmployee(deps.db, orgId, typed) : undefined;
  const named = byId?.active ? [byId] : typed ? await activeEmployeesNamed(deps.db, orgId, typed) : [];
  if (named.length !== 1)
    return err(domainError('ORG.UNKNOWN_EMPLOYEE', named.length === 0 ? `nobody called ${typed} works here` : `several people are called ${typed}: type the employee id`, { field: 'host' }));
  const host = named[0]!;
  const now = deps.clock.now();
  const r = await registerVisit(
    deps,
    orgId,
    actor,
    {
      hostId: host.id,
      siteId,
      visitors: [{ name: input.name, ...(input.company?.trim() ? { company: input.company } : {}), ...(input.mobile?.trim() ? { mobile: input.mobile.replace(/[\s-]/g, '') } : {}) }],
      purpose: input.purpose,
      // The window opens a minute back, so the guard can check them in the moment the host approves.
      start: new Date(now.getTime() - 60_000).toISOString(),
      end: new Date(now.getTime() + WALK_IN_MS).toISOString(),
    },
    { walkIn: true },
  );
  return r.ok ? ok({ visit: r.value.visit, hostName: host.name }) : r;
}

/** Walk-ins (and any visit) at a site whose window has begun but which still wait for a decision. */
export async function waitingAtGate(deps: { db: Db; clock: { now(): Date } }, orgId: string, actor: Actor, siteId: string): Promise<Result<{ visitId: string; names: string; hostName: string; since: string }[]>> {
  const allowed = await requireRole(deps.db, orgId, actor, ['guard', 'reception'], 'seeing the gate');
  if (!allowed.ok) return allowed;
  const now = deps.clock.now();
  const zone = await orgTimeZone(deps.db, orgId);
  const rows = await waitingVisitsAt(deps.db, orgId, siteId, now, zonedMidnight(addCalendarDays(localDate(now, zone), 1), zone));
  const out = [];
  for (const v of rows) {
    const people = await visitorsOf(deps.db, orgId, v.id);
    const host = await getEmployee(deps.db, orgId, v.hostId);
    out.push({ visitId: v.id, names: people.map((p) => p.name).join('、'), hostName: host?.name ?? v.hostId, since: v.createdAt.toISOString() });
  }
  return ok(out);
}
