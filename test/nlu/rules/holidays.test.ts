// Named days against published calendars: Easter (Gregorian computus), the Chinese lunar festivals and solar terms
// (through lunar-javascript), US holidays by weekday rule; and how a holiday said in a sentence resolves from today.
import { describe, expect, it } from 'vitest';
import { formatDay } from '../../../src/nlu/rules/calendar.js';
import { easterSunday, holidayIn, nthWeekdayOf } from '../../../src/nlu/rules/holidays.js';
import { parseRules } from '../../../src/nlu/index.js';

const iso = (d: number | undefined) => (d === undefined ? undefined : formatDay(d));

describe('named days', () => {
  it('Easter Sunday by the computus', () => {
    expect([2024, 2025, 2026, 2027, 2038].map((y) => iso(easterSunday(y)))).toEqual(['2024-03-31', '2025-04-20', '2026-04-05', '2027-03-28', '2038-04-25']);
  });

  it('the Chinese festivals as published', () => {
    expect(iso(holidayIn('春节', 2025))).toBe('2025-01-29');
    expect(iso(holidayIn('春节', 2026))).toBe('2026-02-17');
    expect(iso(holidayIn('春节', 2027))).toBe('2027-02-06');
    expect(iso(holidayIn('除夕', 2026))).toBe('2026-02-16');
    expect(iso(holidayIn('元宵节', 2026))).toBe('2026-03-03');
    expect(iso(holidayIn('清明节', 2026))).toBe('2026-04-05');
    expect(iso(holidayIn('端午节', 2026))).toBe('2026-06-19');
    expect(iso(holidayIn('七夕', 2026))).toBe('2026-08-19');
    expect(iso(holidayIn('中秋节', 2025))).toBe('2025-10-06');
    expect(iso(holidayIn('中秋节', 2026))).toBe('2026-09-25');
    expect(iso(holidayIn('重阳节', 2026))).toBe('2026-10-18');
    expect(iso(holidayIn('国庆节', 2026))).toBe('2026-10-01');
  });

  it('weekday rules: Thanksgiving, Black Friday, Memorial Day, Mother\'s Day', () => {
    expect(iso(holidayIn('thanksgiving', 2026))).toBe('2026-11-26');
    expect(iso(holidayIn('black friday', 2026))).toBe('2026-11-27');
    expect(iso(holidayIn('memorial day', 2027))).toBe('2027-05-31');
    expect(iso(holidayIn("mother's day", 2027))).toBe('2027-05-09');
    expect(iso(nthWeekdayOf(2026, 10, 1, 1))).toBe('2026-10-05');
    expect(iso(nthWeekdayOf(2026, 10, 5, -1))).toBe('2026-10-30');
    expect(nthWeekdayOf(2026, 2, 1, 5)).toBeUndefined(); // February 2026 has four Mondays
  });

  it('a trip on a holiday is its next date, an expense its last; a year or a shift said is kept', () => {
    const ctx = { today: '2026-11-18', timeZone: 'Asia/Shanghai' };
    expect(parseRules('中秋节去杭州出差', ctx).trip?.departDate).toBe('2027-09-15');
    expect(parseRules('中秋节请客户吃饭 800元', ctx).expense?.date).toBe('2026-09-25');
    expect(parseRules('除夕前一天坐飞机去成都', ctx).trip?.departDate).toBe('2027-02-04');
    expect(parseRules('fly to Boston the day after Thanksgiving', ctx).trip?.departDate).toBe('2026-11-27');
    expect(parseRules('trip to Austin thanksgiving 2027', ctx).trip?.departDate).toBe('2027-11-25');
    expect(parseRules('春节去海口，初三回', ctx).trip).toMatchObject({ departDate: '2027-02-06', returnDate: '2027-02-08' });
    expect(parseRules('腊月廿三去哈尔滨出差', ctx).trip?.departDate).toBe('2027-01-30');
  });
});
