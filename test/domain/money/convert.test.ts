// Currency conversion at decimal-string rates: exact, rounded once, respecting both currencies' decimals.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_CURRENCIES, convert, currencyExponent } from '../../../domain/money/index.js';
import { expectError, expectOk, m } from './helpers.js';

describe('convert: worked examples', () => {
  it('converts 100.00 USD at 7.1234 to 712.34 CNY', () => {
    expect(expectOk(convert(m(10000, 'USD'), 'CNY', '7.1234'))).toEqual({ minor: 71234, currency: 'CNY' });
  });

  it('converts 1000 JPY (no decimals) at 0.0475 to 47.50 CNY', () => {
    expect(expectOk(convert(m(1000, 'JPY'), 'CNY', '0.0475'))).toEqual({ minor: 4750, currency: 'CNY' });
  });

  it('converts 1.000 KWD (three decimals) at 3.25 to 3.25 USD', () => {
    expect(expectOk(convert(m(1000, 'KWD'), 'USD', '3.25'))).toEqual({ minor: 325, currency: 'USD' });
  });

  it('converts CNY to JPY, rounding to whole yen', () => {
    expect(expectOk(convert(m(4750, 'CNY'), 'JPY', '21.0526'))).toEqual({ minor: 1000, currency: 'JPY' });
  });

  it('converts CNY to KWD with three decimals', () => {
    expect(expectOk(convert(m(10000, 'CNY'), 'KWD', '0.04321'))).toEqual({ minor: 4321, currency: 'KWD' });
  });

  it('keeps the sign of negative amounts', () => {
    expect(expectOk(convert(m(-10000, 'USD'), 'CNY', '7.1234')).minor).toBe(-71234);
  });

  it('accepts integer rates and same-currency conversion', () => {
    expect(expectOk(convert(m(123, 'EUR'), 'EUR', '1')).minor).toBe(123);
    expect(expectOk(convert(m(5, 'USD'), 'JPY', '150')).minor).toBe(8); // 0.05 × 150 = 7.5 → 8 (even)
  });
});

describe('convert: rounding', () => {
  // 0.01 USD × 0.5 = 0.005 CNY: exactly half a fen
  it('half-even rounds ties to the even minor unit', () => {
    expect(expectOk(convert(m(1, 'USD'), 'CNY', '0.5')).minor).toBe(0);
    expect(expectOk(convert(m(3, 'USD'), 'CNY', '0.5')).minor).toBe(2);
    expect(expectOk(convert(m(-3, 'USD'), 'CNY', '0.5')).minor).toBe(-2);
    expect(Object.is(expectOk(convert(m(-1, 'USD'), 'CNY', '0.5')).minor, 0)).toBe(true);
  });

  it('half-up rounds ties away from zero', () => {
    expect(expectOk(convert(m(1, 'USD'), 'CNY', '0.5', 'half-up')).minor).toBe(1);
    expect(expectOk(convert(m(3, 'USD'), 'CNY', '0.5', 'half-up')).minor).toBe(2);
    expect(expectOk(convert(m(-1, 'USD'), 'CNY', '0.5', 'half-up')).minor).toBe(-1);
  });

  it('non-ties round to nearest in both modes', () => {
    for (const mode of ['half-even', 'half-up'] as const) {
      expect(expectOk(convert(m(1, 'USD'), 'CNY', '0.49', mode)).minor).toBe(0);
      expect(expectOk(convert(m(1, 'USD'), 'CNY', '0.51', mode)).minor).toBe(1);
    }
  });
});

describe('convert: rejections', () => {
  it.each(['0', '0.000', '-7.1', '', ' 7.1', '7.', '.5', '1e3', 'abc', '7,1234', 'NaN', 'Infinity', '+7'])(
    'rejects rate %j',
    (rate) => {
      expectError(convert(m(100, 'USD'), 'CNY', rate), 'MONEY.INVALID_AMOUNT');
    },
  );

  it('rejects unknown currencies on either side', () => {
    expectError(convert(m(100, 'USD'), 'XYZ', '1'), 'MONEY.UNSUPPORTED_CURRENCY');
    expectError(convert({ minor: 100, currency: 'XYZ' }, 'USD', '1'), 'MONEY.UNSUPPORTED_CURRENCY');
  });

  it('reports overflow when the result leaves the safe range', () => {
    expectError(convert(m(Number.MAX_SAFE_INTEGER, 'JPY'), 'KWD', '1'), 'MONEY.OVERFLOW');
  });
});

describe('convert: properties', () => {
  const currency = fc.constantFrom(...SUPPORTED_CURRENCIES);
  const mode = fc.constantFrom('half-even' as const, 'half-up' as const);
  /** A positive decimal rate string with 0–6 decimals, e.g. "7.1234", "0.0475", "150". */
  const rate = fc.record({ digits: fc.integer({ min: 1, max: 10_000_000 }), scale: fc.integer({ min: 0, max: 6 }) }).map(({ digits, scale }) => {
    const s = String(digits).padStart(scale + 1, '0');
    return scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`;
  });
  const amount = fc.integer({ min: -1e9, max: 1e9 });

  /** The converted value, or undefined after checking that a failure is an honest overflow. */
  const converted = (r: ReturnType<typeof convert>): number | undefined => {
    if (r.ok) return r.value.minor;
    expect(r.error.code).toBe('MONEY.OVERFLOW');
    return undefined;
  };

  it('a larger amount never converts to a smaller one', () => {
    fc.assert(
      fc.property(currency, currency, rate, amount, amount, mode, (from, to, r, a, b, rounding) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const x = converted(convert(m(lo, from), to, r, rounding));
        const y = converted(convert(m(hi, from), to, r, rounding));
        if (x !== undefined && y !== undefined) expect(x).toBeLessThanOrEqual(y);
      }),
      { numRuns: 300 },
    );
  });

  it('a higher rate never gives a smaller result for a positive amount', () => {
    const micro = fc.integer({ min: 1, max: 999_999 });
    fc.assert(
      fc.property(currency, currency, fc.integer({ min: 0, max: 1e10 }), micro, micro, mode, (from, to, a, r1, r2, rounding) => {
        const [lo, hi] = r1 <= r2 ? [r1, r2] : [r2, r1];
        const x = expectOk(convert(m(a, from), to, `0.${String(lo).padStart(6, '0')}`, rounding));
        const y = expectOk(convert(m(a, from), to, `0.${String(hi).padStart(6, '0')}`, rounding));
        expect(x.minor).toBeLessThanOrEqual(y.minor);
      }),
      { numRuns: 300 },
    );
  });

  it('is within half a minor unit of the exact product, and symmetric in sign', () => {
    fc.assert(
      fc.property(currency, currency, rate, amount, mode, (from, to, r, a, rounding) => {
        const res = convert(m(a, from), to, r, rounding);
        const [int = '', frac = ''] = r.split('.');
        // exact result in `to` minor units = a · rate · 10^exp(to) / 10^(decimals(rate) + exp(from))
        const num = BigInt(a) * BigInt(int + frac) * 10n ** BigInt(currencyExponent(to) ?? NaN);
        const den = 10n ** BigInt(frac.length + (currencyExponent(from) ?? NaN));
        if (!res.ok) {
          expect(res.error.code).toBe('MONEY.OVERFLOW');
          expect((num < 0n ? -num : num) * 2n > BigInt(Number.MAX_SAFE_INTEGER) * den * 2n).toBe(true);
          return;
        }
        const diff = BigInt(res.value.minor) * den - num;
        expect((diff < 0n ? -diff : diff) * 2n <= den).toBe(true);
        expect(expectOk(convert(m(-a, from), to, r, rounding)).minor).toBe(res.value.minor === 0 ? 0 : -res.value.minor);
      }),
      { numRuns: 300 },
    );
  });
});
