// Decimal text for pain.001 amounts from integer minor units, exact at any size.
import { describe, expect, it } from 'vitest';
import { controlSum, instructedAmount, minorToDecimal } from '../../../../src/integrations/bank/iso20022/decimal-amount.js';

describe('minorToDecimal', () => {
  it('writes the given number of decimals, padding small amounts', () => {
    expect(minorToDecimal(12345n, 2)).toBe('123.45');
    expect(minorToDecimal(5n, 3)).toBe('0.005');
    expect(minorToDecimal(500n, 0)).toBe('500');
    expect(minorToDecimal(0n, 2)).toBe('0.00');
  });

  it('stays exact beyond the float range', () => {
    expect(minorToDecimal(123456789012345678n, 2)).toBe('1234567890123456.78');
  });
});

describe('instructedAmount', () => {
  it('uses the currency exponent', () => {
    expect(instructedAmount({ minor: 18_500, currency: 'JPY' })).toBe('18500');
    expect(instructedAmount({ minor: 128_050, currency: 'CNY' })).toBe('1280.50');
    expect(instructedAmount({ minor: 1_234, currency: 'BHD' })).toBe('1.234');
  });

  it('throws for an unknown currency (the input check refuses it first)', () => {
    expect(() => instructedAmount({ minor: 1, currency: 'XYZ' })).toThrow(/XYZ/);
  });
});

describe('controlSum', () => {
  it('adds 0.1 + 0.2 exactly', () => {
    expect(controlSum([{ minor: 10, currency: 'EUR' }, { minor: 20, currency: 'EUR' }])).toBe('0.30');
  });

  it('adds amounts of different exponents at the largest one', () => {
    expect(controlSum([{ minor: 150, currency: 'CNY' }, { minor: 500, currency: 'JPY' }])).toBe('501.50');
    expect(controlSum([{ minor: 1, currency: 'JPY' }, { minor: 1, currency: 'BHD' }])).toBe('1.001');
  });

  it('sums past Number.MAX_SAFE_INTEGER without losing a unit', () => {
    const big = { minor: Number.MAX_SAFE_INTEGER, currency: 'CNY' };
    expect(controlSum([big, big, { minor: 1, currency: 'CNY' }])).toBe('180143985094819.83');
  });
});
