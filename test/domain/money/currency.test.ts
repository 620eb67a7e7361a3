// The ISO 4217 table: which codes are supported and how many decimals each has.
import { describe, expect, it } from 'vitest';
import { SUPPORTED_CURRENCIES, currencyExponent, isSupportedCurrency } from '../../../domain/money/index.js';

const REQUIRED: Record<string, number> = {
  CNY: 2, USD: 2, EUR: 2, GBP: 2, JPY: 0, KRW: 0, HKD: 2, TWD: 2, SGD: 2, AUD: 2, CAD: 2, CHF: 2, NZD: 2,
  THB: 2, MYR: 2, IDR: 2, INR: 2, PHP: 2, VND: 0, AED: 2, SAR: 2, KWD: 3, BHD: 3, OMR: 3, JOD: 3, TND: 3,
  CLP: 0, ISK: 0, HUF: 2, CZK: 2, PLN: 2, SEK: 2, NOK: 2, DKK: 2, RUB: 2, BRL: 2, MXN: 2, ZAR: 2, TRY: 2,
};

describe('currency table', () => {
  it.each(Object.entries(REQUIRED))('%s has ISO 4217 exponent %i', (code, exponent) => {
    expect(isSupportedCurrency(code)).toBe(true);
    expect(currencyExponent(code)).toBe(exponent);
    expect(SUPPORTED_CURRENCIES).toContain(code);
  });

  it('uses ISO exponents, not everyday usage, for TWD and IDR', () => {
    expect(currencyExponent('TWD')).toBe(2);
    expect(currencyExponent('IDR')).toBe(2);
  });

  it.each(['cny', 'XXX', '', 'CN', 'toString', 'constructor', '__proto__', 'CNY '])('does not support %j', (code) => {
    expect(isSupportedCurrency(code)).toBe(false);
    expect(currencyExponent(code)).toBeUndefined();
  });

  it('lists every supported code once, sorted, each with an exponent of 0, 2 or 3', () => {
    expect([...SUPPORTED_CURRENCIES].sort()).toEqual(SUPPORTED_CURRENCIES);
    expect(new Set(SUPPORTED_CURRENCIES).size).toBe(SUPPORTED_CURRENCIES.length);
    for (const code of SUPPORTED_CURRENCIES) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3]).toContain(currencyExponent(code));
    }
  });

  it('cannot be changed by callers', () => {
    expect(Object.isFrozen(SUPPORTED_CURRENCIES)).toBe(true);
  });
});
