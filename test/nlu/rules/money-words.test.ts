// Money as people write it: Chinese small units, Hong Kong usage, financial numerals, 點 decimals, English words and
// cents, currencies by name. Each amount in integer minor units of its ISO 4217 currency.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../../src/nlu/index.js';

const ctx = { today: '2026-11-18', timeZone: 'Asia/Shanghai' };
const amount = (text: string) => parseRules(text, ctx).expense?.amount;

describe('money words', () => {
  it.each([
    ['买水 两毛五', 25, 'CNY'],
    ['停车费五块二', 520, 'CNY'],
    ['胶带 三块零四', 304, 'CNY'],
    ['文具 五元七毛八分', 578, 'CNY'],
    ['报销餐费壹佰贰拾叁元', 12_300, 'CNY'],
    ['報銷餐費壹仟伍佰元整', 150_000, 'CNY'],
    ['报销 零点七七元', 77, 'CNY'],
    ['展会搭建费 三点五万', 3_500_000, 'CNY'],
    ['合同款1.2万元', 1_200_000, 'CNY'],
    ['百二萬港幣 裝修費', 120_000_000, 'HKD'],
    ['的士七蚊', 700, 'HKD'],
    ['巴士 七個二', 720, 'HKD'],
    ['港幣三個一毫四 影印', 314, 'HKD'],
    ['停车五仙', 5, 'HKD'],
    ['taxi one dollar', 100, 'USD'],
    ['hotel a hundred and five euros', 10_500, 'EUR'],
    ['taxi $20 and 43c', 2_043, 'USD'],
    ['dinner 20 dollars 43 cents', 2_043, 'USD'],
    ['book 3 GBP 1 pence', 301, 'GBP'],
    ['gum 10¢', 10, 'USD'],
    ['consulting 10k$', 1_000_000, 'USD'],
    ['snack 3.14US$', 314, 'USD'],
    ['dinner 20€', 2_000, 'EUR'],
    ['lunch 42 bucks', 4_200, 'USD'],
    ['taxi Rs. 20', 2_000, 'INR'],
    ['lunch RM 42', 4_200, 'MYR'],
    ['dinner 42 kuwaiti dinar', 42_000, 'KWD'],
    ['hotel 2 million won', 2_000_000, 'KRW'],
  ])('%s', (text, minor, currency) => {
    expect(amount(text)).toEqual({ minor, currency });
  });

  it('reads no money where there is none', () => {
    expect(amount('lunch million won')).toBeUndefined();
    expect(parseRules('rm 305 meeting tomorrow 3pm', ctx).expense?.amount).toBeUndefined(); // a room, not ringgit
    expect(parseRules('三個人去香港出差，下週一', ctx).trip?.travellers).toBe(3); // 個 counts people here
  });
});
