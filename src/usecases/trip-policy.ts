// A trip request against the travel policy at submission: date sanity, the travel rules, and the estimate to freeze.
import { estimateTrip, evaluatePolicy, travelRules, type PolicyRule, type TravelContext, type Violation } from '../../domain/policy/index.js';
import { domainError, err, ok, type Result } from '../../domain/shared/index.js';

export interface TripFacts {
  origin?: string;
  destination?: string;
  departDate?: string;
  returnDate?: string;
  transport?: string;
  estimatedAmount?: { minor: number; currency: string };
}

export interface TripCheck {
  violations: Violation[];
  amount?: { minor: number; currency: string };
  estimate?: ReturnType<typeof estimateTrip>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** The trip facts a request's details carry (`details.trip`, from chat or the API), or undefined. */
export function tripFactsOf(details: unknown): TripFacts | undefined {
  const t = (details as { trip?: Record<string, unknown> } | undefined)?.trip;
  if (!t || typeof t !== 'object') return undefined;
  const est = t.estimatedAmount as { minor?: unknown; currency?: unknown } | undefined;
  return {
    ...(str(t.origin) ? { origin: str(t.origin) } : {}),
    ...(str(t.destination) ? { destination: str(t.destination) } : {}),
    ...(str(t.departDate) ? { departDate: str(t.departDate) } : {}),
    ...(str(t.returnDate) ? { returnDate: str(t.returnDate) } : {}),
    ...(str(t.transport) ? { transport: str(t.transport) } : {}),
    ...(est && typeof est.minor === 'number' && typeof est.currency === 'string' ? { estimatedAmount: { minor: est.minor, currency: est.currency } } : {}),
  };
}

/** The facts travel rules read about a trip, with whichever segments, hotel stays and per diem claims are known. */
export function travelContext(trip: { destination: string; departDate: string; returnDate: string }, grade: number, today: string, known: Partial<Pick<TravelContext, 'segments' | 'hotels' | 'perDiem'>>): TravelContext {
  return { employeeGrade: grade, today, ...trip, segments: known.segments ?? [], hotels: known.hotels ?? [], ...(known.perDiem ? { perDiem: known.perDiem } : {}) };
}

/**
 * Checks the trip's dates (return before departure is refused whatever the rules say), evaluates the organisation's
 * travel rules, and estimates the cost when no amount was given: hotel cap × nights + per diem × days (+ a fare the
 * employee named). The estimate is what approval freezes.
 */
export function tripPolicy(rules: readonly PolicyRule[], grade: number, today: string, details: unknown, given?: { minor: number; currency: string }): Result<TripCheck> {
  const trip = tripFactsOf({ trip: details });
  if (!trip?.destination || !trip.departDate || !trip.returnDate) return ok({ violations: [], ...(given ? { amount: given } : {}) });
  if (trip.returnDate < trip.departDate)
    return err(domainError('TRIP.INVALID', `returnDate: the return (${trip.returnDate}) is before the departure (${trip.departDate})`, { field: 'returnDate' }));
  const mine = rules.filter((r) => Object.hasOwn(travelRules, r.kind));
  const ctx = travelContext({ destination: trip.destination, departDate: trip.departDate, returnDate: trip.returnDate }, grade, today, {
    segments:
      trip.transport === 'flight' || trip.transport === 'train'
        ? [
            { kind: trip.transport, origin: trip.origin ?? '', destination: trip.destination, date: trip.departDate },
            { kind: trip.transport, origin: trip.destination, destination: trip.origin ?? '', date: trip.returnDate },
          ]
        : [],
  });
  const { violations } = evaluatePolicy(travelRules, mine, ctx);
  if (given) return ok({ violations, amount: given });
  const fare = trip.estimatedAmount;
  const estimate = estimateTrip(mine, { grade, destination: trip.destination, departDate: trip.departDate, returnDate: trip.returnDate, ...(fare ? { transportFare: fare } : {}) });
  return ok({ violations, ...(estimate.total.minor > 0 ? { amount: estimate.total } : {}), estimate });
}
