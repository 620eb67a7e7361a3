// Who the gate lets in: the rules a scan is judged by, with every fact already looked up (the visit, the visitor,
// whether the watchlist names them), so the same decision is taken whichever way the facts were read.
import { domainError, type DomainError } from '../shared/index.js';
import { admits, siteTag, type InvitationRefusal } from './invitation.js';

/** What the gate knows of a visit when a visitor stands at it. */
export interface GateVisitFacts {
  readonly status: string;
  readonly siteId: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
}

/** What the gate knows of the visitor. */
export interface GateVisitorFacts {
  readonly revokedAt: Date | null;
  readonly purgedAt: Date | null;
  readonly checkedInAt: Date | null;
  /** Whether a watchlist entry names this person (by number or by name and company). */
  readonly watchlisted: boolean;
}

/** A refusal of the code itself (its window or site), as the gate says it. */
export function gateRefusalOf(r: InvitationRefusal | 'FORGED'): DomainError {
  switch (r) {
    case 'NOT_YET':
      return domainError('GATE.NOT_YET', 'the visit has not started yet');
    case 'EXPIRED':
      return domainError('GATE.EXPIRED', 'the visit is over');
    case 'WRONG_SITE':
      return domainError('GATE.WRONG_SITE', 'the invitation is for another site');
    default:
      return domainError('GATE.INVALID_CODE', 'not an invitation of ours, or altered');
  }
}

/**
 * Whether the visitor may come in at `siteId` at `now`: the visit approved and not withdrawn, this visitor's
 * invitation not revoked, the visit's own site, its window widened by the grace, not purged, nobody on the watchlist,
 * and not in already. Undefined when they may.
 */
export function gateAdmission(visit: GateVisitFacts, visitor: GateVisitorFacts, at: { siteId: string; now: Date; graceMinutes: number }): DomainError | undefined {
  if (visit.status === 'rejected' || visit.status === 'withdrawn' || visitor.revokedAt) return domainError('GATE.REVOKED', 'the invitation was withdrawn');
  if (visit.status === 'pending') return domainError('GATE.NOT_APPROVED', 'the visit is not approved yet');
  if (visit.siteId !== at.siteId) return domainError('GATE.WRONG_SITE', `the visit is at site ${visit.siteId}`);
  const open = admits({ invitationId: '', site: siteTag(visit.siteId), notBefore: visit.startsAt, notAfter: visit.endsAt }, { site: siteTag(at.siteId), now: at.now, graceMinutes: at.graceMinutes });
  if (!open.ok) return gateRefusalOf(open.error);
  if (visit.status !== 'approved' || visitor.purgedAt) return domainError('GATE.EXPIRED', 'the visit is over');
  if (visitor.watchlisted) return domainError('RECEPTION.WATCHLISTED', 'the visitor is on the watchlist');
  if (visitor.checkedInAt) return domainError('GATE.ALREADY_CHECKED_IN', `checked in already at ${visitor.checkedInAt.toISOString()}`);
  return undefined;
}
