// The Money value: a safe integer count of a currency's minor units, with checked arithmetic.
import { domainError, err, ok, type DomainError, type Result } from '../shared/index.js';
import { isSupportedCurrency } from './currency.js';

/** An amount of one currency. `minor` is always a safe integer in the currency's minor unit (cents, fen, yen). */
export interface Money {
  readonly minor: number;
  readonly currency: string;
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** Turns -0 into 0 so that equal amounts are also Object.is-equal. */
const normalize = (n: number): number => (n === 0 ? 0 : n);

/** The error for an unknown currency code. */
export function unsupportedCurrency(currency: string): DomainError {
  return domainError('MONEY.UNSUPPORTED_CURRENCY', `Currency ${JSON.stringify(currency)} is not supported`, { currency });
}

/** The error for a result whose magnitude exceeds Number.MAX_SAFE_INTEGER minor units. */
function overflow(currency: string): DomainError {
  return domainError('MONEY.OVERFLOW', `Amount exceeds the largest representable ${currency} amount`, { currency });
}

/**
 * Builds Money from integer minor units. Fails with MONEY.UNSUPPORTED_CURRENCY for an unknown code,
 * MONEY.INVALID_AMOUNT for a non-integer (or NaN/Infinity), MONEY.OVERFLOW for an integer beyond ±MAX_SAFE_INTEGER.
 */
export function money(minor: number, currency: string): Result<Money> {
  if (!isSupportedCurrency(currency)) return err(unsupportedCurrency(currency));
  if (typeof minor !== 'number' || !Number.isInteger(minor)) {
    return err(domainError('MONEY.INVALID_AMOUNT', `Minor units must be an integer, got ${String(minor)}`, { minor, currency }));
  }
  if (!Number.isSafeInteger(minor)) return err(overflow(currency));
  return ok({ minor: normalize(minor), currency });
}

/**
 * Builds Money from a bigint count of minor units (MONEY.OVERFLOW beyond ±MAX_SAFE_INTEGER).
 * The currency must already be known to be supported.
 */
export function fromBigMinor(minor: bigint, currency: string): Result<Money> {
  if (minor > MAX || minor < -MAX) return err(overflow(currency));
  return ok({ minor: normalize(Number(minor)), currency });
}

/** Zero of `currency` (MONEY.UNSUPPORTED_CURRENCY for an unknown code). */
export function zero(currency: string): Result<Money> {
  return money(0, currency);
}

function mismatch(a: Money, b: Money): DomainError {
  return domainError('MONEY.CURRENCY_MISMATCH', `Cannot combine ${a.currency} with ${b.currency}`, {
    left: a.currency,
    right: b.currency,
  });
}

/** a + b. MONEY.CURRENCY_MISMATCH when currencies differ, MONEY.OVERFLOW beyond the safe range. */
export function add(a: Money, b: Money): Result<Money> {
  if (a.currency !== b.currency) return err(mismatch(a, b));
  const s = a.minor + b.minor; // a true sum beyond the safe range can never round back into it
  return Number.isSafeInteger(s) ? ok({ minor: normalize(s), currency: a.currency }) : err(overflow(a.currency));
}

/** a − b. MONEY.CURRENCY_MISMATCH when currencies differ, MONEY.OVERFLOW beyond the safe range. */
export function subtract(a: Money, b: Money): Result<Money> {
  if (a.currency !== b.currency) return err(mismatch(a, b));
  const d = a.minor - b.minor;
  return Number.isSafeInteger(d) ? ok({ minor: normalize(d), currency: a.currency }) : err(overflow(a.currency));
}

/** −m (always representable: the safe range is symmetric). */
export function negate(m: Money): Money {
  return { minor: normalize(-m.minor), currency: m.currency };
}

/** −1, 0 or 1 as a is less than, equal to or greater than b. Throws when currencies differ: callers must check first. */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  if (a.currency !== b.currency) throw new Error(`compare: currency mismatch ${a.currency} vs ${b.currency}`);
  return a.minor < b.minor ? -1 : a.minor > b.minor ? 1 : 0;
}

/** True when m is exactly zero. */
export function isZero(m: Money): boolean {
  return m.minor === 0;
}

/** True when m is below zero. */
export function isNegative(m: Money): boolean {
  return m.minor < 0;
}

/** True when m is above zero. */
export function isPositive(m: Money): boolean {
  return m.minor > 0;
}

/**
 * The total of `list` in `currency` (zero for an empty list). Intermediate sums may exceed the safe range;
 * only the final total must fit (MONEY.OVERFLOW otherwise). MONEY.CURRENCY_MISMATCH names the first offending index.
 */
export function sum(list: readonly Money[], currency: string): Result<Money> {
  if (!isSupportedCurrency(currency)) return err(unsupportedCurrency(currency));
  let total = 0n;
  for (const [index, m] of list.entries()) {
    if (m.currency !== currency) {
      return err(domainError('MONEY.CURRENCY_MISMATCH', `Item ${index} is in ${m.currency}, expected ${currency}`, {
        index,
        expected: currency,
        actual: m.currency,
      }));
    }
    total += BigInt(m.minor);
  }
  return fromBigMinor(total, currency);
}
