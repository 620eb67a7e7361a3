// What a traveller is entitled to (cabin, seat, hotel cap, per diem) read from the configured travel rules, and the
// trip estimate that approval freezes: hotel cap × nights + per diem × days (+ a known fare). Integer money only.
import type { Cabin, SeatClass } from '../../travel/supplier.port.js';
import type { PolicyRule } from '../policy.types.js';
import type { MinorAmount } from '../policy.types.js';
import { allowedCabinBy, allowedSeatBy, flightCabinParams, trainSeatParams } from './class-rules.js';
import { hotelCapFor, hotelCapParams, perDiemFor, perDiemParams } from './rate-rules.js';

/** The params of the first enabled rule of `kind` that parses, or undefined. */
function paramsOf<T>(rules: readonly PolicyRule[], kind: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T | undefined {
  for (const r of rules) {
    if (r.kind !== kind || r.enabled === false) continue;
    const p = schema.safeParse(r.params);
    if (p.success) return p.data;
  }
  return undefined;
}

/** The cabin a grade may fly on a flight of `flightHours` (economy when no rule says otherwise). */
export function allowedCabin(rules: readonly PolicyRule[], grade: number, flightHours: number): Cabin {
  const p = paramsOf(rules, 'flight_cabin', flightCabinParams);
  return p ? allowedCabinBy(p, grade, flightHours) : 'economy';
}

/** The seat class a grade may take on a train of `hours` (second class when no rule says otherwise). */
export function allowedSeat(rules: readonly PolicyRule[], grade: number, hours: number): SeatClass {
  const p = paramsOf(rules, 'train_seat', trainSeatParams);
  return p ? allowedSeatBy(p, grade, hours) : 'second';
}

export interface Allowances {
  hotelCapNightly?: MinorAmount;
  perDiemDaily?: { meal: MinorAmount; transport: MinorAmount };
  cabin: Cabin;
  seat: SeatClass;
}

/** The traveller's standards in `city` (cabin and seat for a short journey). */
export function travelAllowances(rules: readonly PolicyRule[], city: string, grade: number): Allowances {
  const hotel = paramsOf(rules, 'hotel_cap', hotelCapParams);
  const diem = paramsOf(rules, 'per_diem', perDiemParams);
  const cap = hotel ? hotelCapFor(hotel, city, grade) : undefined;
  const daily = diem ? perDiemFor(diem, city) : undefined;
  return {
    ...(hotel && cap !== undefined ? { hotelCapNightly: { minor: cap, currency: hotel.currency } } : {}),
    ...(diem && daily ? { perDiemDaily: { meal: { minor: daily.mealMinor, currency: diem.currency }, transport: { minor: daily.transportMinor, currency: diem.currency } } } : {}),
    cabin: allowedCabin(rules, grade, 0),
    seat: allowedSeat(rules, grade, 0),
  };
}

const dayNumber = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000);
/** Calendar days of a trip, both ends counted (a same-day trip is 1). */
export const tripDays = (departDate: string, returnDate: string): number => Math.max(1, dayNumber(returnDate) - dayNumber(departDate) + 1);
/** Hotel nights of a trip. */
export const tripNights = (departDate: string, returnDate: string): number => Math.max(0, dayNumber(returnDate) - dayNumber(departDate));

export interface TripEstimate {
  /** The parts in the estimate's currency, added up. */
  readonly total: MinorAmount;
  readonly parts: readonly { kind: 'transport' | 'hotel' | 'per_diem'; minor: number; currency: string; note: { zh: string; en: string } }[];
}

/**
 * Hotel cap × nights + (meal + transport allowance) × days + the fare given. The total is in the hotel cap's
 * currency (else the per diem's, else the fare's); a part in another currency is listed but not added.
 */
export function estimateTrip(rules: readonly PolicyRule[], t: { grade: number; destination: string; departDate: string; returnDate: string; transportFare?: MinorAmount }): TripEstimate {
  const a = travelAllowances(rules, t.destination, t.grade);
  const nights = tripNights(t.departDate, t.returnDate);
  const days = tripDays(t.departDate, t.returnDate);
  const parts: TripEstimate['parts'][number][] = [];
  if (t.transportFare) parts.push({ kind: 'transport', minor: t.transportFare.minor, currency: t.transportFare.currency, note: { zh: '交通（申请人估计）', en: 'Transport (as estimated)' } });
  if (a.hotelCapNightly && nights > 0)
    parts.push({ kind: 'hotel', minor: a.hotelCapNightly.minor * nights, currency: a.hotelCapNightly.currency, note: { zh: `住宿标准 × ${nights} 晚`, en: `Hotel cap × ${nights} night(s)` } });
  if (a.perDiemDaily)
    parts.push({ kind: 'per_diem', minor: (a.perDiemDaily.meal.minor + a.perDiemDaily.transport.minor) * days, currency: a.perDiemDaily.meal.currency, note: { zh: `出差补助 × ${days} 天`, en: `Per diem × ${days} day(s)` } });
  const currency = a.hotelCapNightly?.currency ?? a.perDiemDaily?.meal.currency ?? t.transportFare?.currency ?? 'CNY';
  return { total: { minor: parts.filter((p) => p.currency === currency).reduce((s, p) => s + p.minor, 0), currency }, parts };
}
