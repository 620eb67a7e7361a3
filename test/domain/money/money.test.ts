// Money construction and checked arithmetic: integer minor units only, no silent overflow, no mixing currencies.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SUPPORTED_CURRENCIES, add, compare, isNegative, isPositive, isZero, money, negate, subtract, sum, zero, type Money,
} from '../../../domain/money/index.js';
import { expectError, expectOk, m } from './helpers.js';

const MAX = Number.MAX_SAFE_INTEGER;

describe('money()', () => {
  it('accepts integer minor units of a supported currency', () => {
    expect(expectOk(money(128050, 'CNY'))).toEqual({ minor: 128050, currency: 'CNY' });
    expect(expectOk(money(18500, 'JPY'))).toEqual({ minor: 18500, currency: 'JPY' });
    expect(expectOk(money(-1234, 'KWD'))).toEqual({ minor: -1234, currency: 'KWD' });
    expect(expectOk(money(MAX, 'USD')).minor).toBe(MAX);
    expect(expectOk(money(-MAX, 'USD')).minor).toBe(-MAX);
  });

  it.each([0.5, 12.345, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('rejects non-integer %s', (minor) => {
    expectError(money(minor, 'CNY'), 'MONEY.INVALID_AMOUNT');
  });

  it.each([MAX + 1, -(MAX + 1), 1e300])('rejects unsafe integer %s as overflow', (minor) => {
    expectError(money(minor, 'CNY'), 'MONEY.OVERFLOW');
  });

  it.each(['XYZ', 'cny', ''])('rejects unknown currency %j', (currency) => {
    expectError(money(100, currency), 'MONEY.UNSUPPORTED_CURRENCY');
  });

  it('stores negative zero as zero', () => {
    expect(Object.is(expectOk(money(-0, 'CNY')).minor, 0)).toBe(true);
  });
});

describe('zero()', () => {
  it('is zero of the currency, and fails for an unknown one', () => {
    expect(expectOk(zero('JPY'))).toEqual({ minor: 0, currency: 'JPY' });
    expectError(zero('ABC'), 'MONEY.UNSUPPORTED_CURRENCY');
  });
});

describe('add and subtract', () => {
  it('add sums minor units of the same currency', () => {
    expect(expectOk(add(m(128050, 'CNY'), m(4520, 'CNY')))).toEqual({ minor: 132570, currency: 'CNY' });
    expect(expectOk(add(m(1, 'KWD'), m(-1001, 'KWD')))).toEqual({ minor: -1000, currency: 'KWD' });
  });

  it('subtract takes the difference', () => {
    expect(expectOk(subtract(m(18500, 'JPY'), m(20000, 'JPY')))).toEqual({ minor: -1500, currency: 'JPY' });
  });

  it('refuses to mix currencies', () => {
    expectError(add(m(100, 'CNY'), m(100, 'USD')), 'MONEY.CURRENCY_MISMATCH');
    expectError(subtract(m(100, 'JPY'), m(100, 'KRW')), 'MONEY.CURRENCY_MISMATCH');
  });

  it('reports overflow instead of losing precision', () => {
    expectError(add(m(MAX, 'USD'), m(1, 'USD')), 'MONEY.OVERFLOW');
    expectError(add(m(-MAX, 'USD'), m(-MAX, 'USD')), 'MONEY.OVERFLOW');
    expectError(subtract(m(-MAX, 'USD'), m(1, 'USD')), 'MONEY.OVERFLOW');
    expect(expectOk(add(m(MAX, 'USD'), m(-1, 'USD'))).minor).toBe(MAX - 1);
  });

  it('subtract undoes add whenever add succeeds (property)', () => {
    const arb = fc.record({
      currency: fc.constantFrom(...SUPPORTED_CURRENCIES),
      a: fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.maxSafeInteger(), fc.constant(MAX), fc.constant(-MAX)),
      b: fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.maxSafeInteger()),
    });
    fc.assert(
      fc.property(arb, ({ currency, a, b }) => {
        const x = m(a, currency);
        const y = m(b, currency);
        const s = add(x, y);
        if (!s.ok) {
          expect(s.error.code).toBe('MONEY.OVERFLOW');
          expect(Math.abs(a + b)).toBeGreaterThanOrEqual(MAX); // only when the true sum leaves the safe range
          return;
        }
        expect(Number.isSafeInteger(s.value.minor)).toBe(true);
        expect(expectOk(subtract(s.value, y))).toEqual(x);
        expect(expectOk(subtract(s.value, x))).toEqual(y);
        const d = subtract(x, y);
        if (d.ok) expect(expectOk(add(x, negate(y)))).toEqual(d.value);
      }),
    );
  });
});

describe('negate, compare and sign tests', () => {
  it('negate flips the sign and never yields negative zero', () => {
    expect(negate(m(505, 'CNY'))).toEqual({ minor: -505, currency: 'CNY' });
    expect(negate(m(-MAX, 'CNY')).minor).toBe(MAX);
    expect(Object.is(negate(m(0, 'CNY')).minor, 0)).toBe(true);
  });

  it('compare orders amounts of one currency', () => {
    expect(compare(m(1, 'CNY'), m(2, 'CNY'))).toBe(-1);
    expect(compare(m(2, 'CNY'), m(2, 'CNY'))).toBe(0);
    expect(compare(m(3, 'CNY'), m(-3, 'CNY'))).toBe(1);
  });

  it('compare throws on a currency mismatch because callers must check first', () => {
    expect(() => compare(m(1, 'CNY'), m(1, 'USD'))).toThrow(/mismatch/);
  });

  it('isZero, isNegative and isPositive look at the sign', () => {
    const cases: [Money, boolean, boolean, boolean][] = [
      [m(0, 'JPY'), true, false, false],
      [m(-1, 'JPY'), false, true, false],
      [m(1, 'JPY'), false, false, true],
    ];
    for (const [x, z, n, p] of cases) expect([isZero(x), isNegative(x), isPositive(x)]).toEqual([z, n, p]);
  });
});

describe('sum', () => {
  it('totals a list and is zero for an empty list', () => {
    expect(expectOk(sum([m(100, 'CNY'), m(250, 'CNY'), m(-50, 'CNY')], 'CNY'))).toEqual({ minor: 300, currency: 'CNY' });
    expect(expectOk(sum([], 'KWD'))).toEqual({ minor: 0, currency: 'KWD' });
  });

  it('names the first item in another currency', () => {
    const r = sum([m(1, 'CNY'), m(1, 'USD'), m(1, 'EUR')], 'CNY');
    expectError(r, 'MONEY.CURRENCY_MISMATCH');
    if (!r.ok) expect(r.error.details).toMatchObject({ index: 1, actual: 'USD' });
  });

  it('fails for an unknown currency', () => {
    expectError(sum([], 'ZZZ'), 'MONEY.UNSUPPORTED_CURRENCY');
  });

  it('tolerates intermediate sums beyond the safe range but not a final one', () => {
    expect(expectOk(sum([m(MAX, 'USD'), m(MAX, 'USD'), m(-MAX, 'USD')], 'USD')).minor).toBe(MAX);
    expectError(sum([m(MAX, 'USD'), m(1, 'USD')], 'USD'), 'MONEY.OVERFLOW');
  });

  it('agrees with exact bigint addition (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e12, max: 1e12 }), { maxLength: 30 }), (xs) => {
        const r = expectOk(sum(xs.map((x) => m(x, 'CNY')), 'CNY'));
        expect(BigInt(r.minor)).toBe(xs.reduce((a, b) => a + BigInt(b), 0n));
      }),
    );
  });
});
