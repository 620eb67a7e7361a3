// Amounts with separators, symbols, codes, Chinese numerals and colloquial forms become integer minor units.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findAmounts, findBareAmounts } from '../../../src/nlu/rules/amounts.js';
import { makeDoc } from '../../../src/nlu/rules/normalize.js';

const amountsIn = (text: string) => findAmounts(makeDoc(text)).map((a) => ({ minor: a.minor, currency: a.currency }));

describe('findAmounts', () => {
  it.each([
    ['1,280元', 128000, 'CNY'],
    ['¥199', 19900, 'CNY'],
    ['￥１２８', 12800, 'CNY'],
    ['58块', 5800, 'CNY'],
    ['$45.20', 4520, 'USD'],
    ['USD 612', 61200, 'USD'],
    ['USD612', 61200, 'USD'],
    ['€38.50', 3850, 'EUR'],
    ['HK$230', 23000, 'HKD'],
    ['NT$1490', 149000, 'TWD'],
    ['SGD 750', 75000, 'SGD'],
    ['JPY 18,500', 18500, 'JPY'],
    ['1.234,50 EUR', 123450, 'EUR'],
    ['27.5元', 2750, 'CNY'],
    ['预算3000元', 300000, 'CNY'],
    ['三十二元', 3200, 'CNY'],
    ['一百二十元', 12000, 'CNY'],
    ['两千三百元', 230000, 'CNY'],
    ['1.2万元', 1200000, 'CNY'],
    ['3块5', 350, 'CNY'],
    ['三十五块五', 3550, 'CNY'],
    ['10块8毛', 1080, 'CNY'],
    ['20元5角', 2050, 'CNY'],
    ['KWD 4.500', 4500, 'KWD'],
    ['500 RMB', 50000, 'CNY'],
    ['45 dollars', 4500, 'USD'],
    ['3000日元', 3000, 'JPY'],
    ['200港币', 20000, 'HKD'],
    ['$1.5k', 150000, 'USD'],
  ])('%s → %i %s', (text, minor, currency) => {
    expect(amountsIn(text)).toEqual([{ minor, currency }]);
  });

  it('does not read 一块去 (together) or 欧洲 as money', () => {
    expect(amountsIn('我们一块去北京')).toEqual([]);
    expect(amountsIn('去50欧洲国家')).toEqual([]);
  });

  it('does not take the count after 元 as tenths', () => {
    expect(amountsIn('58元3张')).toEqual([{ minor: 5800, currency: 'CNY' }]);
  });

  it('reads TRY only when typed as a code, not the English verb', () => {
    expect(amountsIn('try 3 times')).toEqual([]);
    expect(amountsIn('TRY 300')).toEqual([{ minor: 30000, currency: 'TRY' }]);
  });

  it('drops amounts with more decimals than the currency has', () => {
    expect(amountsIn('JPY 18500.5')).toEqual([]);
  });
});

describe('findBareAmounts', () => {
  const bare = (text: string) => {
    const doc = makeDoc(text);
    return findBareAmounts(doc).map((a) => a.minor);
  };

  it('reads a bare number in Chinese text as CNY, marked as not explicit', () => {
    const doc = makeDoc('打车35');
    expect(findBareAmounts(doc)).toMatchObject([{ minor: 3500, currency: 'CNY', explicit: false }]);
  });

  it('leaves English bare numbers alone (no currency was written)', () => {
    expect(bare('taxi 35')).toEqual([]);
  });

  it('does not read counts, lengths or times as money', () => {
    expect(bare('3个人 住2晚 5公里 8折')).toEqual([]);
    expect(bare('千万别忘了')).toEqual([]);
  });
});

describe('amount property', () => {
  it('reads back any amount written with its currency exactly', () => {
    const currencies = [
      { code: 'CNY', exp: 2, write: (s: string) => `${s}元` },
      { code: 'USD', exp: 2, write: (s: string) => `USD ${s}` },
      { code: 'JPY', exp: 0, write: (s: string) => `JPY ${s}` },
      { code: 'KWD', exp: 3, write: (s: string) => `${s} KWD` },
    ];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000_000 }), fc.constantFrom(...currencies), fc.boolean(), (minor, cur, grouped) => {
        const digits = String(minor).padStart(cur.exp + 1, '0');
        let whole = digits.slice(0, digits.length - cur.exp);
        if (grouped) whole = whole.replace(/\B(?=(\d{3})+$)/g, ',');
        const text = cur.exp === 0 ? whole : `${whole}.${digits.slice(digits.length - cur.exp)}`;
        expect(amountsIn(`报销 ${cur.write(text)} 昨天`)).toEqual([{ minor, currency: cur.code }]);
      }),
    );
  });
});
