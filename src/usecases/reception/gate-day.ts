// The gate's end of day, per organisation in its own time zone: once GATE_DAY_END has passed, visitors still marked
// in whose visit has ended are checked out by the system (flagged, so nobody mistakes it for a real exit time), the
// approved visitors who never came are no-shows, and visits with nobody left inside are done (the ledger's entries).
import type { Db } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { listOrganisations } from '../../../db/repos/organisations.js';
import { closeVisitsEnded, finishEndedVisits } from '../../../db/repos/reception-gate.js';
import type { Clock } from '../../../domain/shared/index.js';
import { localClock, localDate, zonedMidnight } from '../org-time.js';
import { recordLedgerFactsInTx } from './claim-link.js';

export interface GateDayResult {
  closed: number;
  noShows: number;
  done: number;
}

/** Closes the day where it is over; before GATE_DAY_END only visits that ended before today are closed. */
export async function closeGateDays(deps: { db: Db; clock: Clock; config: { GATE_DAY_END: string } }): Promise<GateDayResult> {
  const now = deps.clock.now();
  const total = { closed: 0, noShows: 0, done: 0 };
  for (const org of await listOrganisations(deps.db)) {
    const zone = org.timeZone;
    // After the day's end everything that ended by now; before it, only what ended before today began.
    const endedBefore = localClock(now, zone) >= deps.config.GATE_DAY_END ? now : zonedMidnight(localDate(now, zone), zone);
    await deps.db.transaction(async (tx) => {
      const r = await closeVisitsEnded(tx, org.id, endedBefore, now);
      const done = await finishEndedVisits(tx, org.id, endedBefore, now);
      // The ledger's figures (how many came, when) are kept now: the visitors' rows are purged later.
      for (const visitId of done) await recordLedgerFactsInTx(tx, org.id, visitId, now);
      if (r.closed + r.noShows + done.length > 0) await appendAudit(tx, { orgId: org.id, actorId: 'system:gate-day', action: 'gate.day_closed', subjectType: 'organisation', subjectId: org.id, after: { ...r, done }, at: now });
      total.closed += r.closed;
      total.noShows += r.noShows;
      total.done += done.length;
    });
  }
  return total;
}
