// Reception standards (业务接待标准): what a company allows per reception type and visitor level, per person or per
// event, and the check of a visit's estimate against them. A visit covers only the types it chose; each over its
// standard is a violation shown on the approval card, to be justified as for trips.
import { z } from 'zod';
import { domainError, err, ok, type Result } from '../shared/index.js';

export const RECEPTION_TYPES = ['visit', 'meal', 'alcohol', 'lodging', 'transport', 'gift'] as const;
export type ReceptionType = (typeof RECEPTION_TYPES)[number];

export const VISITOR_LEVELS = ['vip', 'standard'] as const;
export type VisitorLevel = (typeof VISITOR_LEVELS)[number];

const minor = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** One type's standard: a ceiling per level, counted per person (each visitor and host in the party) or per event. */
export const ReceptionStandardSchema = z
  .object({
    basis: z.enum(['per_person', 'per_event']),
    limits: z.object({ vip: minor, standard: minor }).strict(),
  })
  .strict();
export type ReceptionStandard = z.infer<typeof ReceptionStandardSchema>;

/** An organisation's standards, in one currency; a type without a standard has no ceiling (but is still estimated). */
export const ReceptionStandardsSchema = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/),
    types: z.partialRecord(z.enum(RECEPTION_TYPES), ReceptionStandardSchema),
  })
  .strict();
export type ReceptionStandards = z.infer<typeof ReceptionStandardsSchema>;

/** A sensible start (CNY): a company edits its own. Meals per person, a gift per visitor, transport per event. */
export const DEFAULT_RECEPTION_STANDARDS: ReceptionStandards = {
  currency: 'CNY',
  types: {
    meal: { basis: 'per_person', limits: { vip: 50_000, standard: 20_000 } },
    alcohol: { basis: 'per_event', limits: { vip: 100_000, standard: 0 } },
    lodging: { basis: 'per_person', limits: { vip: 80_000, standard: 50_000 } },
    transport: { basis: 'per_event', limits: { vip: 100_000, standard: 50_000 } },
    gift: { basis: 'per_person', limits: { vip: 50_000, standard: 20_000 } },
  },
};

/** What a visit expects to spend, by the types it chose (minor units of the standards' currency). */
export type ReceptionEstimate = Partial<Record<ReceptionType, number>>;

/** An estimate over its standard: the ceiling the party gets and by how much the estimate exceeds it. */
export interface ReceptionViolation {
  readonly type: ReceptionType;
  readonly basis: ReceptionStandard['basis'];
  readonly limitMinor: number;
  readonly estimateMinor: number;
  readonly overMinor: number;
}

export interface ReceptionCheck {
  /** The estimate's total, in the standards' currency. */
  readonly totalMinor: number;
  readonly currency: string;
  readonly violations: readonly ReceptionViolation[];
}

/**
 * Checks a visit's estimate against the standards for its level and party (`people`: visitors and the company's
 * staff at the table, at least one). Estimates of types not chosen are not allowed in (the card shows only the
 * chosen types), and a negative or fractional amount is refused.
 */
export function checkReception(standards: ReceptionStandards, estimate: ReceptionEstimate, level: VisitorLevel, people: number): Result<ReceptionCheck> {
  if (!Number.isInteger(people) || people < 1) return err(domainError('VALIDATION.INVALID', 'a reception is for at least one person', { field: 'people' }));
  const violations: ReceptionViolation[] = [];
  let total = 0;
  for (const type of RECEPTION_TYPES) {
    const amount = estimate[type];
    if (amount === undefined) continue;
    if (!Number.isSafeInteger(amount) || amount < 0) return err(domainError('MONEY.INVALID_AMOUNT', `the ${type} estimate must be a whole, non-negative amount in minor units`, { field: `estimate.${type}` }));
    total += amount;
    const standard = standards.types[type];
    if (!standard) continue;
    const limit = standard.limits[level] * (standard.basis === 'per_person' ? people : 1);
    if (amount > limit) violations.push({ type, basis: standard.basis, limitMinor: limit, estimateMinor: amount, overMinor: amount - limit });
  }
  if (!Number.isSafeInteger(total)) return err(domainError('MONEY.OVERFLOW', 'the estimate is too large'));
  return ok({ totalMinor: total, currency: standards.currency, violations });
}
