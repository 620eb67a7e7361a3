// Currency conversion at a decimal-string rate, computed exactly with bigint and rounded once at the end.
import { domainError, err, type Result } from '../shared/index.js';
import { currencyExponent } from './currency.js';
import { fromBigMinor, unsupportedCurrency, type Money } from './money.js';

/** How a converted amount that falls between two minor units is rounded. */
export type Rounding = 'half-even' | 'half-up';

/** Longest accepted rate string; real rates have far fewer digits. */
const MAX_RATE_LENGTH = 40;

/** Divides non-negative n by positive d, rounding ties to even ('half-even') or away from zero ('half-up'). */
function divRound(n: bigint, d: bigint, rounding: Rounding): bigint {
  const q = n / d;
  const twiceR = (n % d) * 2n;
  if (twiceR > d) return q + 1n;
  if (twiceR < d) return q;
  return rounding === 'half-up' || q % 2n === 1n ? q + 1n : q;
}

/**
 * Converts `m` into currency `to` at `rate`, a plain positive decimal string meaning "1 unit of m.currency
 * costs `rate` units of `to`" (e.g. USD→CNY "7.1234"). Exact: minor × rate × 10^exp(to) / 10^exp(from) with
 * a single rounding ('half-even' by default; 'half-up' rounds ties away from zero, symmetric for negatives).
 * 100.00 USD at "7.1234" → 712.34 CNY; 1000 JPY at "0.0475" → 47.50 CNY; 1.000 KWD at "3.25" → 3.25 USD.
 * MONEY.INVALID_AMOUNT for a zero, negative or malformed rate ("1e3", " 7.1", "7."), MONEY.UNSUPPORTED_CURRENCY
 * for an unknown code, MONEY.OVERFLOW when the result leaves the safe range.
 */
export function convert(m: Money, to: string, rate: string, rounding: Rounding = 'half-even'): Result<Money> {
  const fromExp = currencyExponent(m.currency);
  if (fromExp === undefined) return err(unsupportedCurrency(m.currency));
  const toExp = currencyExponent(to);
  if (toExp === undefined) return err(unsupportedCurrency(to));
  const match = typeof rate === 'string' && rate.length <= MAX_RATE_LENGTH ? /^(\d+)(?:\.(\d+))?$/.exec(rate) : null;
  if (!match) {
    return err(domainError('MONEY.INVALID_AMOUNT', `Exchange rate ${JSON.stringify(rate)} is not a plain decimal number`, { rate }));
  }
  const fraction = match[2] ?? '';
  const rateDigits = BigInt(`${match[1] ?? ''}${fraction}`);
  if (rateDigits === 0n) {
    return err(domainError('MONEY.INVALID_AMOUNT', `Exchange rate must be positive, got ${rate}`, { rate }));
  }
  const magnitude = BigInt(Math.abs(m.minor));
  const numerator = magnitude * rateDigits * 10n ** BigInt(toExp);
  const denominator = 10n ** BigInt(fraction.length + fromExp);
  const result = divRound(numerator, denominator, rounding);
  return fromBigMinor(m.minor < 0 ? -result : result, to);
}
