// Splitting an amount by weights: exact, fair to within one minor unit, deterministic on ties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, allocateEvenly, type Money } from '../../../domain/money/index.js';
import { expectError, expectOk, m } from './helpers.js';

const minors = (parts: readonly Money[]): number[] => parts.map((p) => p.minor);
const total = (parts: readonly Money[]): bigint => parts.reduce((a, p) => a + BigInt(p.minor), 0n);

/** Exact weight as a fraction over 10^12 for the fairness check (weights in tests have ≤ 6 decimals). */
const scaledWeight = (w: number): bigint => BigInt(Math.round(w * 1e6)) * 1_000_000n;

describe('allocate: concrete splits', () => {
  it('splits 100.00 CNY by 33.33/33.33/33.34 percent', () => {
    expect(minors(expectOk(allocate(m(10000, 'CNY'), [33.33, 33.33, 33.34])))).toEqual([3333, 3333, 3334]);
  });

  it('gives the leftover cent to the lower index on a tie', () => {
    expect(minors(expectOk(allocate(m(100, 'CNY'), [1, 1, 1])))).toEqual([34, 33, 33]);
    expect(minors(expectOk(allocate(m(200, 'CNY'), [1, 1, 1])))).toEqual([67, 67, 66]);
  });

  it('gives the leftover to the largest remainder, not the first part', () => {
    // exact shares 1.4, 2.6 → floors 1, 2; the 0.6 remainder wins
    expect(minors(expectOk(allocate(m(4, 'USD'), [7, 13])))).toEqual([1, 3]);
  });

  it('splits by amounts as weights (JPY, no decimals)', () => {
    expect(minors(expectOk(allocate(m(10000, 'JPY'), [1200, 3400, 5400])))).toEqual([1200, 3400, 5400]);
    expect(minors(expectOk(allocate(m(1000, 'JPY'), [2500.5, 2500.5, 4999])))).toEqual([250, 250, 500]);
  });

  it('splits KWD (3 decimals) by decimal weights read from their written form', () => {
    expect(minors(expectOk(allocate(m(1000, 'KWD'), [0.1, 0.2])))).toEqual([333, 667]);
    expect(minors(expectOk(allocate(m(10, 'KWD'), [1e-7, 3e-7])))).toEqual([3, 7]);
  });

  it('allows zero weights, which receive nothing', () => {
    expect(minors(expectOk(allocate(m(101, 'CNY'), [0, 1, 0, 1])))).toEqual([0, 51, 0, 50]);
  });

  it('splits a negative total by magnitude and negates each part', () => {
    const parts = expectOk(allocate(m(-100, 'CNY'), [1, 1, 1]));
    expect(minors(parts)).toEqual([-34, -33, -33]);
    expect(parts.every((p) => p.currency === 'CNY')).toBe(true);
    expect(minors(expectOk(allocate(m(-1, 'CNY'), [1, 1]))).map((x) => Object.is(x, 0) || x)).toEqual([-1, true]);
  });

  it('splits zero into zeros', () => {
    expect(minors(expectOk(allocate(m(0, 'USD'), [1, 2])))).toEqual([0, 0]);
  });

  it('handles the largest safe amount without precision loss', () => {
    const parts = expectOk(allocate(m(Number.MAX_SAFE_INTEGER, 'USD'), [1, 1, 1]));
    expect(total(parts)).toBe(BigInt(Number.MAX_SAFE_INTEGER));
  });

  it.each([
    ['empty', []],
    ['all zero', [0, 0]],
    ['negative', [1, -1]],
    ['NaN', [1, Number.NaN]],
    ['infinite', [Number.POSITIVE_INFINITY, 1]],
  ])('rejects %s weights', (_name, weights) => {
    expectError(allocate(m(100, 'CNY'), weights), 'MONEY.INVALID_AMOUNT');
  });
});

describe('allocate: properties', () => {
  const weightArb = fc.oneof(
    fc.integer({ min: 0, max: 1_000_000 }),
    fc.integer({ min: 0, max: 10_000_000 }).map((x) => x / 100), // percentages and amounts with cents
    fc.integer({ min: 0, max: 1_000_000 }).map((x) => x / 1_000_000),
  );
  const caseArb = fc.record({
    minor: fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.maxSafeInteger()),
    weights: fc.array(weightArb, { minLength: 1, maxLength: 12 }).filter((ws) => ws.some((w) => w > 0)),
  });

  it('allocation never loses or invents a cent', () => {
    fc.assert(
      fc.property(caseArb, ({ minor, weights }) => {
        const parts = expectOk(allocate(m(minor, 'CNY'), weights));
        expect(parts).toHaveLength(weights.length);
        expect(total(parts)).toBe(BigInt(minor));
        for (const p of parts) expect(Number.isSafeInteger(p.minor)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('every part is within one minor unit of its exact share', () => {
    fc.assert(
      fc.property(caseArb, ({ minor, weights }) => {
        const parts = expectOk(allocate(m(minor, 'CNY'), weights));
        const ws = weights.map(scaledWeight);
        const wSum = ws.reduce((a, b) => a + b, 0n);
        parts.forEach((p, i) => {
          // |part − total·w/W| < 1  ⇔  |part·W − total·w| < W
          const diff = BigInt(p.minor) * wSum - BigInt(minor) * (ws[i] ?? 0n);
          expect(diff < 0n ? -diff : diff).toBeLessThan(wSum);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('parts with equal weights differ by at most one unit, and zero weights get nothing', () => {
    fc.assert(
      fc.property(caseArb, ({ minor, weights }) => {
        const parts = expectOk(allocate(m(minor, 'CNY'), weights));
        weights.forEach((w, i) => {
          if (w === 0) expect(parts[i]?.minor).toBe(0);
          weights.forEach((v, j) => {
            if (v === w) expect(Math.abs((parts[i]?.minor ?? 0) - (parts[j]?.minor ?? 0))).toBeLessThanOrEqual(1);
          });
        });
      }),
    );
  });
});

describe('allocateEvenly', () => {
  it('splits into n parts, the first ones taking the extra units', () => {
    expect(minors(expectOk(allocateEvenly(m(1000, 'CNY'), 3)))).toEqual([334, 333, 333]);
    expect(minors(expectOk(allocateEvenly(m(18500, 'JPY'), 4)))).toEqual([4625, 4625, 4625, 4625]);
    expect(minors(expectOk(allocateEvenly(m(-1001, 'KWD'), 2)))).toEqual([-501, -500]);
    expect(minors(expectOk(allocateEvenly(m(2, 'CNY'), 5)))).toEqual([1, 1, 0, 0, 0]);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects %s parts', (n) => {
    expectError(allocateEvenly(m(100, 'CNY'), n), 'MONEY.INVALID_AMOUNT');
  });

  it('agrees with allocate using equal weights (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 1, max: 50 }), (minor, n) => {
        const even = expectOk(allocateEvenly(m(minor, 'USD'), n));
        expect(even).toEqual(expectOk(allocate(m(minor, 'USD'), Array.from({ length: n }, () => 1))));
        expect(total(even)).toBe(BigInt(minor));
      }),
    );
  });
});
