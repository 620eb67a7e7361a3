// The largest amount the product accepts in one field: a guard against typos and abuse (¥90 trillion is nobody's
// taxi), not a business limit. Per currency, in minor units; by default 100 million in major units.
import { currencyExponent } from './currency.js';

/** 100,000,000 in major units (¥100M, $100M, ¥100M JPY…). */
export const DEFAULT_MAX_MAJOR = 100_000_000;

/** Ceilings by currency code; `*` applies to currencies not listed. */
export type AmountCeilings = Readonly<Record<string, number>>;

/** The ceiling for `currency` in minor units. */
export function ceilingMinor(currency: string, ceilings: AmountCeilings = {}): number {
  const own = ceilings[currency] ?? ceilings['*'];
  if (own !== undefined) return own;
  return DEFAULT_MAX_MAJOR * 10 ** (currencyExponent(currency) ?? 2);
}

/** Whether `minor` (absolute value) is above the ceiling of its currency. */
export function aboveCeiling(amount: { minor: number; currency: string }, ceilings: AmountCeilings = {}): boolean {
  return Math.abs(amount.minor) > ceilingMinor(amount.currency, ceilings);
}
