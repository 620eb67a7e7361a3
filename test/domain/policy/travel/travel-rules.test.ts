import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAVEL_RULES, allowedCabin, allowedSeat, estimateTrip, evaluatePolicy, travelAllowances, travelRules, type TravelContext } from '../../../../domain/policy/index.js';
import { cityTier } from '../../../../domain/travel/index.js';

const ctx = (over: Partial<TravelContext> = {}): TravelContext => ({ employeeGrade: 3, today: '2026-11-18', departDate: '2026-11-24', returnDate: '2026-11-26', destination: '上海', segments: [], hotels: [], ...over });
const check = (c: TravelContext) => evaluatePolicy(travelRules, DEFAULT_TRAVEL_RULES, c).violations;

describe('city tiers', () => {
  it.each([
    ['上海', 1],
    ['上海市', 1],
    ['Shanghai', 1],
    ['廣州', 1],
    ['成都', 2],
    ['Hangzhou', 2],
    ['绵阳', 3],
  ])('%s is tier %s', (city, tier) => expect(cityTier(city).tier).toBe(tier));
  it('treats Hong Kong and Tokyo as overseas with their country', () => {
    expect(cityTier('香港')).toMatchObject({ tier: 'overseas', country: 'HK' });
    expect(cityTier('Tokyo')).toMatchObject({ tier: 'overseas', country: 'JP' });
  });
});

describe('travel rules', () => {
  it('a plain trip in policy has no findings', () => expect(check(ctx())).toEqual([]));

  it('flags business class for a grade-3 employee on a short flight, in both languages, and allows it above 6 h', () => {
    const v = check(ctx({ segments: [{ kind: 'flight', origin: '北京', destination: '上海', date: '2026-11-24', cabin: 'business', durationMinutes: 135 }] }));
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ code: 'POLICY.CABIN_ABOVE_ENTITLEMENT', severity: 'warn', details: { cabin: 'business', allowed: 'economy', grade: 3 } });
    expect(v[0]!.message.zh).toContain('经济舱');
    expect(v[0]!.message.en).toContain('economy');
    expect(check(ctx({ segments: [{ kind: 'flight', origin: '上海', destination: '伦敦', date: '2026-11-24', cabin: 'business', durationMinutes: 760 }] }))).toEqual([]);
    expect(check(ctx({ employeeGrade: 8, segments: [{ kind: 'flight', origin: '北京', destination: '上海', date: '2026-11-24', cabin: 'business', durationMinutes: 135 }] }))).toEqual([]);
  });

  it('flags a first-class train seat below grade 8', () => {
    const v = check(ctx({ segments: [{ kind: 'train', origin: '北京', destination: '上海', date: '2026-11-24', seatClass: 'first', durationMinutes: 280 }] }));
    expect(v.map((x) => x.code)).toEqual(['POLICY.SEAT_ABOVE_ENTITLEMENT']);
  });

  it('caps hotels by city tier and names the city, tier, rate, cap and nights', () => {
    const v = check(ctx({ hotels: [{ city: '成都', checkIn: '2026-11-24', checkOut: '2026-11-26', nightly: { minor: 52_000, currency: 'CNY' } }] }));
    expect(v[0]).toMatchObject({ code: 'POLICY.HOTEL_OVER_CAP', details: { tier: 2, capMinor: 45_000, nightlyMinor: 52_000, nights: 2, overByMinor: 14_000 } });
    expect(v[0]!.message.zh).toContain('2类城市');
    expect(check(ctx({ hotels: [{ city: '上海', checkIn: '2026-11-24', checkOut: '2026-11-26', nightly: { minor: 52_000, currency: 'CNY' } }] }))).toEqual([]);
    expect(check(ctx({ hotels: [{ city: '东京', checkIn: '2026-11-24', checkOut: '2026-11-26', nightly: { minor: 11_000, currency: 'JPY' } }] }))[0]!.code).toBe('POLICY.CURRENCY_UNCHECKED');
  });

  it('checks a per diem claim against allowance × days', () => {
    const v = check(ctx({ perDiem: [{ city: '上海', days: 3, claimed: { minor: 60_000, currency: 'CNY' } }] }));
    expect(v[0]).toMatchObject({ code: 'POLICY.PER_DIEM_OVER_ALLOWANCE', details: { allowanceMinor: 54_000 } });
  });

  it('warns on late booking and blocks impossible dates', () => {
    expect(check(ctx({ departDate: '2026-11-19', returnDate: '2026-11-20' })).map((x) => x.code)).toEqual(['POLICY.LATE_BOOKING']);
    const v = evaluatePolicy(travelRules, DEFAULT_TRAVEL_RULES, ctx({ departDate: '2026-11-26', returnDate: '2026-11-24' }));
    expect(v.blocked).toBe(true);
    expect(v.violations.map((x) => x.code)).toContain('POLICY.RETURN_BEFORE_DEPARTURE');
    expect(check(ctx({ departDate: '2026-11-10', returnDate: '2026-11-12' })).map((x) => x.code)).toContain('POLICY.DEPARTURE_IN_PAST');
  });

  it('reports a malformed rule instead of throwing', () => {
    const v = evaluatePolicy(travelRules, [{ id: 'bad', kind: 'hotel_cap', params: { currency: 'CNY' }, severity: 'warn' }], ctx()).violations;
    expect(v[0]!.code).toBe('POLICY.INVALID_RULE');
  });
});

describe('allowances and the estimate', () => {
  it('reads entitlements from the rules', () => {
    expect(allowedCabin(DEFAULT_TRAVEL_RULES, 3, 2)).toBe('economy');
    expect(allowedCabin(DEFAULT_TRAVEL_RULES, 3, 7)).toBe('business');
    expect(allowedSeat(DEFAULT_TRAVEL_RULES, 9, 1)).toBe('first');
    expect(travelAllowances(DEFAULT_TRAVEL_RULES, '北京', 3).hotelCapNightly).toEqual({ minor: 60_000, currency: 'CNY' });
    expect(travelAllowances(DEFAULT_TRAVEL_RULES, '北京', 9).hotelCapNightly).toEqual({ minor: 90_000, currency: 'CNY' });
  });

  it('estimates hotel cap × nights + per diem × days (+ a known fare)', () => {
    const e = estimateTrip(DEFAULT_TRAVEL_RULES, { grade: 3, destination: '上海', departDate: '2026-11-24', returnDate: '2026-11-26' });
    expect(e.total).toEqual({ minor: 120_000 + 54_000, currency: 'CNY' });
    const withFare = estimateTrip(DEFAULT_TRAVEL_RULES, { grade: 3, destination: '上海', departDate: '2026-11-24', returnDate: '2026-11-26', transportFare: { minor: 110_000, currency: 'CNY' } });
    expect(withFare.total.minor).toBe(284_000);
  });

  it('property: the parts in the total currency add up to the total, all whole numbers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 10 }), fc.constantFrom('上海', '成都', '绵阳', '香港'), (nights, grade, city) => {
        const depart = '2026-12-01';
        const ret = new Date(Date.parse(`${depart}T00:00:00Z`) + nights * 86_400_000).toISOString().slice(0, 10);
        const e = estimateTrip(DEFAULT_TRAVEL_RULES, { grade, destination: city, departDate: depart, returnDate: ret });
        expect(e.parts.filter((p) => p.currency === e.total.currency).reduce((s, p) => s + p.minor, 0)).toBe(e.total.minor);
        expect(e.parts.every((p) => Number.isSafeInteger(p.minor))).toBe(true);
      }),
    );
  });
});
