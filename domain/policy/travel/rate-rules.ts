// hotel_cap and per_diem: nightly hotel caps and daily allowances by city tier (overseas by country), in one currency.
import { z } from 'zod';
import { cityTier } from '../../travel/city-tier.js';
import { defineRule } from '../define-rule.js';
import { formatMinor } from '../format.js';
import type { Finding } from '../policy.types.js';
import { currencyCode, minorUnits } from '../rules/common.js';
import type { TravelContext } from './travel.types.js';

const gradeMultipliers = z.array(z.strictObject({ minGrade: z.int().min(0), percent: z.int().min(1).max(1000) })).default([]);

export const hotelCapParams = z.strictObject({
  currency: currencyCode,
  tiers: z.strictObject({ '1': minorUnits, '2': minorUnits, '3': minorUnits }),
  /** Caps per country (ISO 3166 alpha-2) for overseas cities, in `currency`. */
  overseas: z.record(z.string().regex(/^[A-Z]{2}$/), minorUnits).default({}),
  overseasDefault: minorUnits.optional(),
  gradeMultipliers,
});

const allowance = z.strictObject({ mealMinor: minorUnits, transportMinor: minorUnits });
export const perDiemParams = z.strictObject({
  currency: currencyCode,
  tiers: z.strictObject({ '1': allowance, '2': allowance, '3': allowance }),
  overseas: z.record(z.string().regex(/^[A-Z]{2}$/), allowance).default({}),
  overseasDefault: allowance.optional(),
});

const tierLabel = (tier: 1 | 2 | 3 | 'overseas', country: string) => (tier === 'overseas' ? { zh: `境外（${country}）`, en: `overseas (${country})` } : { zh: `${tier}类城市`, en: `tier-${tier} city` });

/** The nightly cap in a city for a grade (the highest matching grade multiplier applies), or undefined when none is set. */
export function hotelCapFor(p: z.output<typeof hotelCapParams>, city: string, grade: number): number | undefined {
  const info = cityTier(city);
  const base = info.tier === 'overseas' ? (p.overseas[info.country] ?? p.overseasDefault) : p.tiers[String(info.tier) as '1' | '2' | '3'];
  if (base === undefined) return undefined;
  const pct = p.gradeMultipliers.filter((m) => grade >= m.minGrade).reduce((best, m) => Math.max(best, m.percent), 100);
  return Math.floor((base * pct) / 100);
}

/** The daily meal and transport allowance in a city, or undefined when none is set. */
export function perDiemFor(p: z.output<typeof perDiemParams>, city: string): { mealMinor: number; transportMinor: number } | undefined {
  const info = cityTier(city);
  return info.tier === 'overseas' ? (p.overseas[info.country] ?? p.overseasDefault) : p.tiers[String(info.tier) as '1' | '2' | '3'];
}

/** POLICY.HOTEL_OVER_CAP for each stay above the city's nightly cap. */
export const hotelCap = defineRule(hotelCapParams, (p, ctx: TravelContext): Finding[] =>
  ctx.hotels.flatMap((h): Finding[] => {
    const cap = hotelCapFor(p, h.city, ctx.employeeGrade);
    if (cap === undefined) return [];
    const info = cityTier(h.city);
    if (h.nightly.currency !== p.currency)
      return [{ code: 'POLICY.CURRENCY_UNCHECKED', severity: 'warn' as const, message: { zh: `${h.city} 酒店房价币种 ${h.nightly.currency} 与标准币种不同，未做比较`, en: `The ${h.city} hotel rate in ${h.nightly.currency} was not checked against the ${p.currency} cap` }, details: { city: h.city, currency: h.nightly.currency, capCurrency: p.currency } }];
    if (h.nightly.minor <= cap) return [];
    const label = tierLabel(info.tier, info.country);
    const nights = Math.max(1, Math.round((Date.parse(h.checkOut) - Date.parse(h.checkIn)) / 86_400_000));
    return [
      {
        code: 'POLICY.HOTEL_OVER_CAP',
        message: {
          zh: `${h.city}（${label.zh}）酒店每晚 ${formatMinor(h.nightly.minor, p.currency)}，超出标准 ${formatMinor(cap, p.currency)}，共 ${nights} 晚`,
          en: `The ${h.city} hotel (${label.en}) costs ${formatMinor(h.nightly.minor, p.currency)} a night, above the cap of ${formatMinor(cap, p.currency)}, for ${nights} night(s)`,
        },
        details: { city: info.city, tier: info.tier, country: info.country, nightlyMinor: h.nightly.minor, capMinor: cap, currency: p.currency, nights, overByMinor: (h.nightly.minor - cap) * nights },
      },
    ];
  }),
);

/** POLICY.PER_DIEM_OVER_ALLOWANCE when a per diem claim is above (meal + transport allowance) × days. */
export const perDiem = defineRule(perDiemParams, (p, ctx: TravelContext): Finding[] =>
  (ctx.perDiem ?? []).flatMap((c): Finding[] => {
    const a = perDiemFor(p, c.city);
    if (!a || c.claimed.currency !== p.currency) return [];
    const limit = (a.mealMinor + a.transportMinor) * c.days;
    if (c.claimed.minor <= limit) return [];
    return [
      {
        code: 'POLICY.PER_DIEM_OVER_ALLOWANCE',
        message: {
          zh: `${c.city} 出差补助申报 ${formatMinor(c.claimed.minor, p.currency)}，标准为 ${c.days} 天共 ${formatMinor(limit, p.currency)}`,
          en: `The per diem claimed for ${c.city} is ${formatMinor(c.claimed.minor, p.currency)}; the allowance for ${c.days} day(s) is ${formatMinor(limit, p.currency)}`,
        },
        details: { city: c.city, days: c.days, claimedMinor: c.claimed.minor, allowanceMinor: limit, currency: p.currency },
      },
    ];
  }),
);
