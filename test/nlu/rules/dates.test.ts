// Relative and absolute date phrases resolve to the right calendar days (today 2026-11-18 is a Wednesday).
import { describe, expect, it } from 'vitest';
import { formatDay, parseIsoDate } from '../../../src/nlu/rules/calendar.js';
import { resolveDate, type Direction } from '../../../src/nlu/rules/date-expr.js';
import { findDates } from '../../../src/nlu/rules/dates.js';
import { makeDoc } from '../../../src/nlu/rules/normalize.js';

/** Each date phrase in `text` as YYYY-MM-DD, or [from, to] for a range. */
function datesIn(text: string, today = '2026-11-18', dir: Direction = 'future'): (string | [string, string])[] {
  const t = parseIsoDate(today)!;
  return findDates(makeDoc(text)).map((m) => {
    const from = resolveDate(m.from, t, dir)!;
    if (m.to === undefined) return formatDay(from);
    return [formatDay(from), formatDay(resolveDate(m.to, t, dir, from)!)];
  });
}

describe('relative days', () => {
  it.each([
    ['今天', '2026-11-18'],
    ['明天', '2026-11-19'],
    ['后天', '2026-11-20'],
    ['後天', '2026-11-20'],
    ['大后天', '2026-11-21'],
    ['昨天', '2026-11-17'],
    ['前天', '2026-11-16'],
    ['tomorrow', '2026-11-19'],
    ['yesterday', '2026-11-17'],
    ['the day after tomorrow', '2026-11-20'],
    ['三天后', '2026-11-21'],
    ['2 days ago', '2026-11-16'],
    ['in 3 days', '2026-11-21'],
  ])('%s → %s', (text, day) => {
    expect(datesIn(text)).toEqual([day]);
  });
});

describe('weekdays (weeks start on Monday)', () => {
  it.each([
    ['下周二', '2026-11-24'],
    ['下週三', '2026-11-25'],
    ['下个星期一', '2026-11-23'],
    ['下下周一', '2026-11-30'],
    ['这周五', '2026-11-20'],
    ['本周五', '2026-11-20'],
    ['上周五', '2026-11-13'],
    ['上週四', '2026-11-12'],
    ['next Monday', '2026-11-23'],
    ['this Friday', '2026-11-20'],
    ['last Friday', '2026-11-13'],
    ['Tuesday next week', '2026-11-24'],
  ])('%s → %s', (text, day) => {
    expect(datesIn(text)).toEqual([day]);
  });

  it('reads a bare weekday as the next one for trips and the last one for expenses', () => {
    expect(datesIn('周五', '2026-11-18', 'future')).toEqual(['2026-11-20']);
    expect(datesIn('周五', '2026-11-18', 'past')).toEqual(['2026-11-13']);
    expect(datesIn('Friday', '2026-11-18', 'past')).toEqual(['2026-11-13']);
  });

  it('reads 一下下周二 as 一下 + 下周二', () => {
    expect(datesIn('帮我申请一下下周二')).toEqual(['2026-11-24']);
  });

  it('ignores habits and bare weeks: 每周一, 下周, next week', () => {
    expect(datesIn('每周一开会')).toEqual([]);
    expect(datesIn('下周去')).toEqual([]);
    expect(datesIn('next week')).toEqual([]);
  });
});

describe('absolute dates', () => {
  it.each([
    ['11月30日', '2026-11-30'],
    ['12月3号', '2026-12-03'],
    ['十二月三号', '2026-12-03'],
    ['12/3', '2026-12-03'],
    ['11/14', '2026-11-14'],
    ['Dec 3', '2026-12-03'],
    ['1 Dec', '2026-12-01'],
    ['December 3rd, 2026', '2026-12-03'],
    ['2026-12-10', '2026-12-10'],
    ['2026年12月10日', '2026-12-10'],
    ['12/03/2026', '2026-12-03'],
    ['下个月3号', '2026-12-03'],
    ['25号', '2026-11-25'],
    ['the 3rd', '2026-12-03'],
  ])('%s → %s', (text, day) => {
    expect(datesIn(text)).toEqual([day]);
  });

  it('rolls a month/day into the year that makes sense for the direction', () => {
    expect(datesIn('1月5日', '2026-12-30', 'future')).toEqual(['2027-01-05']);
    expect(datesIn('12月28日', '2027-01-03', 'past')).toEqual(['2026-12-28']);
    expect(datesIn('11月13日', '2026-11-18', 'past')).toEqual(['2026-11-13']);
  });

  it('rejects days that do not exist', () => {
    const t = parseIsoDate('2026-11-18')!;
    const [m] = findDates(makeDoc('2月30日'));
    expect(m === undefined || resolveDate(m.from, t, 'future') === undefined).toBe(true);
  });

  it('does not read 1号线 or 3号楼 as days', () => {
    expect(datesIn('坐1号线到3号楼')).toEqual([]);
  });
});

describe('ranges', () => {
  it.each([
    ['12月8日至12月10日', ['2026-12-08', '2026-12-10']],
    ['12月8日到10日', ['2026-12-08', '2026-12-10']],
    ['12.8-12.10', ['2026-12-08', '2026-12-10']],
    ['12/8-12/10', ['2026-12-08', '2026-12-10']],
    ['Dec 7-11', ['2026-12-07', '2026-12-11']],
    ['7-11 Dec', ['2026-12-07', '2026-12-11']],
    ['Dec 9 to 12', ['2026-12-09', '2026-12-12']],
    ['周一到周三', ['2026-11-23', '2026-11-25']],
    ['下周一至周三', ['2026-11-23', '2026-11-25']],
    ['Dec 28 - Jan 3', ['2026-12-28', '2027-01-03']],
  ])('%s', (text, range) => {
    expect(datesIn(text)).toEqual([range]);
  });
});
