// Parsing typed amounts exactly, and writing Money back as plain or display text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SUPPORTED_CURRENCIES, formatAmount, formatMoney, parseAmount, toDecimalString,
} from '../../../domain/money/index.js';
import { expectError, expectOk, m } from './helpers.js';

const parsesTo = (text: string, currency: string): number => expectOk(parseAmount(text, currency)).minor;

describe('parseAmount accepts every common way of writing an amount', () => {
  it.each([
    ['1280', 'CNY', 128000],
    ['1,280.50', 'CNY', 128050],
    ['1 280,50', 'CNY', 128050],
    ['1.234,50', 'EUR', 123450],
    ['1.234.567', 'EUR', 123456700],
    ['1.234.567,8', 'EUR', 123456780],
    ['1,234,567.89', 'USD', 123456789],
    ['-12.5', 'CNY', -1250],
    ['+12.5', 'CNY', 1250],
    ['0.1', 'CNY', 10],
    ['0.05', 'USD', 5],
    ['12,5', 'EUR', 1250],
    ['1,280', 'CNY', 128000],
    ['  45.20  ', 'USD', 4520],
    ['1\u00A0280,50', 'EUR', 128050],
    ['1\u202F280,50', 'EUR', 128050],
    ["1'234.50", 'CHF', 123450],
    ['1,00,000.50', 'INR', 10000050],
    ['１２８０．５０', 'CNY', 128050],
    ['007', 'CNY', 700],
    ['18500', 'JPY', 18500],
    ['18,500', 'JPY', 18500],
    ['1.234', 'KWD', 1234],
    ['-0.005', 'KWD', -5],
    ['1,234.567', 'KWD', 1234567],
    ['1.5', 'KWD', 1500],
  ])('%j in %s is %i minor units', (text, currency, minor) => {
    expect(parsesTo(text, currency)).toBe(minor);
    expect(expectOk(parseAmount(text, currency)).currency).toBe(currency);
  });

  it('reads "-0" as plain zero', () => {
    expect(Object.is(parsesTo('-0', 'CNY'), 0)).toBe(true);
  });

  it('handles amounts up to the safe integer limit exactly', () => {
    expect(parsesTo('90071992547409.91', 'CNY')).toBe(Number.MAX_SAFE_INTEGER);
    expectError(parseAmount('90071992547409.92', 'CNY'), 'MONEY.OVERFLOW');
  });
});

describe('parseAmount rejects what it cannot read exactly', () => {
  it.each([
    ['12.345', 'CNY'],
    ['0.001', 'USD'],
    ['18500.5', 'JPY'],
    ['18500.0', 'JPY'],
    ['18.500', 'JPY'],
    ['1.2345', 'KWD'],
  ])('%j has more decimals than %s allows', (text, currency) => {
    const r = parseAmount(text, currency);
    expectError(r, 'MONEY.INVALID_AMOUNT');
    if (!r.ok) expect(r.error.message).toMatch(/decimal/);
  });

  it.each([
    '', '   ', '-', '+', 'abc', '12abc', '¥12', '12 CNY', '1e5', '1E5', 'NaN', 'Infinity', '0x10',
    '.5', '12.', '12,', '1..2', '1,,000', '1,2345', '12,34,5', '1.234.56', '1.234,5.6', '1,234.5,6',
    '1 234,567.8', '1 2', '12 345 67', '--5', '+-5', '- 5', '5-', '(5)', '1,234 567',
  ])('rejects %j', (text) => {
    expectError(parseAmount(text, 'CNY'), 'MONEY.INVALID_AMOUNT');
  });

  it('rejects absurdly long input without trying', () => {
    expectError(parseAmount('1'.repeat(200), 'CNY'), 'MONEY.INVALID_AMOUNT');
  });

  it('rejects an unknown currency', () => {
    expectError(parseAmount('12.00', 'XYZ'), 'MONEY.UNSUPPORTED_CURRENCY');
  });
});

describe('toDecimalString', () => {
  it.each([
    [128050, 'CNY', '1280.50'],
    [5, 'CNY', '0.05'],
    [-5, 'CNY', '-0.05'],
    [0, 'CNY', '0.00'],
    [18500, 'JPY', '18500'],
    [-7, 'JPY', '-7'],
    [1234, 'KWD', '1.234'],
    [5, 'KWD', '0.005'],
    [Number.MAX_SAFE_INTEGER, 'USD', '90071992547409.91'],
  ])('%i %s → %j', (minor, currency, text) => {
    expect(toDecimalString(m(minor, currency))).toBe(text);
  });

  it('parseAmount(toDecimalString(m)) gives m back for every supported currency (property)', () => {
    const arb = fc.record({
      currency: fc.constantFrom(...SUPPORTED_CURRENCIES),
      minor: fc.oneof(fc.integer({ min: -100_000, max: 100_000 }), fc.maxSafeInteger()),
    });
    fc.assert(
      fc.property(arb, ({ currency, minor }) => {
        const x = m(minor, currency);
        expect(expectOk(parseAmount(toDecimalString(x), currency))).toEqual(x);
        expect(expectOk(parseAmount(formatAmount(x), currency))).toEqual(x);
      }),
      { numRuns: 500 },
    );
  });

  it('covers every supported currency in the round trip at least once', () => {
    for (const currency of SUPPORTED_CURRENCIES) {
      const x = m(-1234567, currency);
      expect(expectOk(parseAmount(toDecimalString(x), currency))).toEqual(x);
    }
  });

  it('throws for Money with an unsupported currency, which is a bug', () => {
    expect(() => toDecimalString({ minor: 1, currency: 'XYZ' })).toThrow();
  });
});

describe('formatMoney', () => {
  it.each([
    [128050, 'CNY', '¥1,280.50'],
    [4520, 'USD', '$45.20'],
    [3850, 'EUR', '€38.50'],
    [1999, 'GBP', '£19.99'],
    [23000, 'HKD', 'HK$230.00'],
    [149000, 'TWD', 'NT$1,490.00'],
    [18500, 'JPY', 'JP¥18,500'],
    [50000, 'KRW', '₩50,000'],
    [75000, 'SGD', 'SGD 750.00'],
    [1234567, 'KWD', 'KWD 1,234.567'],
    [-1250, 'CNY', '-¥12.50'],
    [-75000, 'SGD', '-SGD 750.00'],
    [0, 'JPY', 'JP¥0'],
    [123456789012, 'CNY', '¥1,234,567,890.12'],
  ])('%i %s → %j', (minor, currency, text) => {
    expect(formatMoney(m(minor, currency))).toBe(text);
    expect(formatMoney(m(minor, currency), 'zh-CN')).toBe(text);
  });

  it('never writes JPY with the bare ¥ that CNY uses', () => {
    expect(formatMoney(m(100, 'JPY'))).not.toMatch(/^¥/);
  });

  it('formatAmount groups thousands without a symbol', () => {
    expect(formatAmount(m(-123456789, 'JPY'))).toBe('-123,456,789');
    expect(formatAmount(m(99999, 'CNY'))).toBe('999.99');
    expect(formatAmount(m(100000, 'CNY'))).toBe('1,000.00');
  });
});
