// The travel rule registry and a sensible default rule set (CNY, Chinese corporate norms).
import type { PolicyRule, RuleEvaluator, RuleRegistry } from '../policy.types.js';
import { flightCabin, trainSeat } from './class-rules.js';
import { advanceBooking, tripDates } from './date-rules.js';
import { hotelCap, perDiem } from './rate-rules.js';
import type { TravelContext } from './travel.types.js';

export const travelRules: RuleRegistry<TravelContext> = Object.freeze({
  flight_cabin: flightCabin as RuleEvaluator<TravelContext>,
  train_seat: trainSeat as RuleEvaluator<TravelContext>,
  hotel_cap: hotelCap as RuleEvaluator<TravelContext>,
  per_diem: perDiem as RuleEvaluator<TravelContext>,
  advance_booking: advanceBooking as RuleEvaluator<TravelContext>,
  trip_dates: tripDates as RuleEvaluator<TravelContext>,
});

/**
 * Economy unless grade ≥ 8 or a flight over 6 h (business); second class unless grade ≥ 8 or a train over 6 h (first);
 * hotels ¥600 / ¥450 / ¥350 a night by tier; per diem ¥100+80 / ¥80+60 / ¥60+50 a day; three days' notice. Class,
 * hotel, per diem and notice are warnings (the traveller may justify them); impossible dates block.
 */
export const DEFAULT_TRAVEL_RULES: PolicyRule[] = [
  { id: 'travel-cabin', kind: 'flight_cabin', params: { defaultCabin: 'economy', upgrades: [{ minGrade: 8, class: 'business' }, { minHours: 6, class: 'business' }] }, severity: 'warn' },
  { id: 'travel-seat', kind: 'train_seat', params: { defaultSeat: 'second', upgrades: [{ minGrade: 8, class: 'first' }, { minHours: 6, class: 'first' }] }, severity: 'warn' },
  { id: 'travel-hotel', kind: 'hotel_cap', params: { currency: 'CNY', tiers: { '1': 60_000, '2': 45_000, '3': 35_000 }, overseas: { HK: 120_000, JP: 120_000, SG: 130_000, US: 150_000, GB: 150_000 }, overseasDefault: 100_000, gradeMultipliers: [{ minGrade: 8, percent: 150 }] }, severity: 'warn' },
  { id: 'travel-per-diem', kind: 'per_diem', params: { currency: 'CNY', tiers: { '1': { mealMinor: 10_000, transportMinor: 8_000 }, '2': { mealMinor: 8_000, transportMinor: 6_000 }, '3': { mealMinor: 6_000, transportMinor: 5_000 } }, overseasDefault: { mealMinor: 30_000, transportMinor: 20_000 } }, severity: 'warn' },
  { id: 'travel-advance', kind: 'advance_booking', params: { minDaysBefore: 3 }, severity: 'warn' },
  { id: 'travel-dates', kind: 'trip_dates', params: { maxDays: 30 }, severity: 'block' },
];
