// Configured reference rates: the FROM/TO=rate list, each used only in the direction given.
import { describe, expect, it } from 'vitest';
import { parseFxRates, rateFor } from '../../../domain/money/index.js';
import { unwrap } from '../../../domain/shared/index.js';

describe('FX_RATES', () => {
  it('reads FROM/TO=rate entries separated by commas or spaces', () => {
    const rates = unwrap(parseFxRates('USD/CNY=7.1234, EUR/CNY=7.85 JPY/CNY=0.0475'));
    expect(rates).toEqual({ 'USD/CNY': '7.1234', 'EUR/CNY': '7.85', 'JPY/CNY': '0.0475' });
  });

  it('uses a rate only in the direction given; the same currency is 1', () => {
    const rates = unwrap(parseFxRates('USD/CNY=7.1'));
    expect(rateFor(rates, 'USD', 'CNY')).toBe('7.1');
    expect(rateFor(rates, 'CNY', 'USD')).toBeUndefined();
    expect(rateFor(rates, 'CNY', 'CNY')).toBe('1');
    expect(rateFor(undefined, 'USD', 'CNY')).toBeUndefined();
  });

  it('refuses malformed entries, unknown currencies, zero rates and a currency to itself, naming the entry', () => {
    for (const bad of ['USD/CNY', 'usd/cny=7.1', 'USD/CNY=7.1e0', 'USD/CNY=-7', 'USD/CNY=0', 'USD/CNY=0.000', 'XXQ/CNY=1', 'CNY/CNY=1']) {
      const r = parseFxRates(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.error.message).toContain(bad.split('=')[0]!.slice(0, 3));
    }
  });
});
