// Card facts of a registered visit, from what its request stored (domain/reception/visit-details.ts): the approver's
// card, the requester's notices and the staff's schedule all show the same fields.
import type { RequestFacts, VisitPlanFacts } from '../../cards/view-model.js';
import { RECEPTION_TYPES, storedVisitOf, type ReceptionEstimate, type StoredVisitDetails } from '../../domain/reception/index.js';

/** Only the types the visit chose, in the standards' order. */
export function estimateLines(estimate: ReceptionEstimate, currency: string): NonNullable<VisitPlanFacts['estimate']> {
  return RECEPTION_TYPES.flatMap((type) => (estimate[type] === undefined ? [] : [{ type, amount: { minor: estimate[type], currency } }]));
}

/** The visit facts of stored details. */
export function visitPlanOf(v: StoredVisitDetails, currency: string): NonNullable<RequestFacts['visit']> {
  const lead = v.people?.[0];
  return {
    ...(lead ? { visitorName: lead.name } : {}),
    ...(v.company ? { company: v.company } : {}),
    ...(v.purpose ? { purpose: v.purpose } : {}),
    ...(v.people ? { visitors: v.people } : {}),
    level: v.level,
    start: v.start,
    end: v.end,
    site: v.siteName ?? v.siteId,
    ...(v.companionNames?.length ? { companions: v.companionNames } : {}),
    resources: v.resources,
    estimate: estimateLines(v.estimate, currency),
    ...(v.estimateBasis ? { estimateBasis: v.estimateBasis } : {}),
    ...(v.advance ? { advance: v.advance } : {}),
    ...(v.hospitalityAvailable !== undefined ? { hospitalityAvailable: v.hospitalityAvailable } : {}),
    ...(v.hostAdvances ? { hostAdvances: v.hostAdvances } : {}),
    ...(v.series
      ? { series: { rule: v.series.words, starts: v.series.occurrences.map((o) => o.start), ...(v.series.perOccurrenceMinor > 0 ? { total: { minor: v.series.perOccurrenceMinor * v.series.occurrences.length, currency } } : {}), ...(v.series.assumed ? { assumed: true } : {}) } }
      : {}),
  };
}

/** A visit request's facts for its cards, or nothing when its details hold no registered visit. */
export function visitRequestFacts(details: unknown, currency: string | null): Partial<RequestFacts> {
  const v = storedVisitOf(details);
  return v ? { type: 'visit', visit: visitPlanOf(v, currency ?? 'CNY') } : {};
}
