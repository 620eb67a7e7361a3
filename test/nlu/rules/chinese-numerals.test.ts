// Chinese and mixed numerals are read exactly.
import { describe, expect, it } from 'vitest';
import { parseInteger, parseNumeral, toMinorUnits } from '../../../src/nlu/rules/chinese-numerals.js';

describe('parseInteger', () => {
  it.each([
    ['三', 3],
    ['十', 10],
    ['十五', 15],
    ['二十', 20],
    ['三十二', 32],
    ['一百二十', 120],
    ['一百零五', 105],
    ['两千三百', 2300],
    ['两千零五', 2005],
    ['一千二百五十', 1250],
    ['三万', 30000],
    ['十万', 100000],
    ['一亿两千万', 120_000_000],
    ['二零二六', 2026],
    ['壹仟贰佰', 1200],
    ['3千5百', 3500],
    ['30万', 300000],
  ])('%s → %i', (text, value) => {
    expect(parseInteger(text)).toBe(value);
  });

  it.each([
    ['两万五', 25000],
    ['三千五', 3500],
    ['一百二', 120],
    ['3千5', 3500],
    ['五万五', 55000],
  ])('reads a trailing digit in the next lower unit: %s → %i', (text, value) => {
    expect(parseInteger(text)).toBe(value);
  });

  it('rejects text that is not a numeral', () => {
    expect(parseInteger('三天')).toBeUndefined();
    expect(parseInteger('')).toBeUndefined();
    expect(parseInteger('3三')).toBeUndefined();
  });
});

describe('parseNumeral with decimals', () => {
  it('keeps 1.2万 exact', () => {
    expect(parseNumeral('1.2万')).toEqual({ n: 120000n, scale: 1 });
    expect(toMinorUnits(parseNumeral('1.2万')!, 2)).toBe(1_200_000);
  });

  it('turns 27.5 into 2750 minor units without floating point', () => {
    expect(toMinorUnits(parseNumeral('27.5')!, 2)).toBe(2750);
    expect(toMinorUnits(parseNumeral('0.1')!, 2)).toBe(10);
  });

  it('refuses a fraction of a minor unit instead of rounding', () => {
    expect(toMinorUnits(parseNumeral('12.345')!, 2)).toBeUndefined();
    expect(toMinorUnits(parseNumeral('18500.5')!, 0)).toBeUndefined();
  });
});
