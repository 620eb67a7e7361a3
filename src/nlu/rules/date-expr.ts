// What a date phrase means before it is pinned to a calendar day, and how it is pinned relative to "today".
import { addMonths, dayOf, daysInMonth, isoWeekday, mondayOf, ymd } from './calendar.js';
import { holidayIn, lunarInGregorianYear, nthWeekdayOf } from './holidays.js';

export type DateExpr =
  /** 今天, 明天, 3天后, yesterday */
  | { readonly kind: 'offset'; readonly days: number; readonly later?: boolean }
  /**
   * 周五, 下周二 (week +1), this Friday (week 0), last Friday (week -1); ISO weekday 1–7. `loose`: English "next
   * Friday" / "last Monday", whose week depends on the speaker when the day is still ahead (or already past) this
   * week. `occurrence`: "Friday after next" is the 2nd Friday after today.
   */
  | { readonly kind: 'weekday'; readonly dow: number; readonly week?: number; readonly loose?: 'next' | 'last'; readonly occurrence?: number }
  /** 圣诞节, 中秋, Black Friday; `year` / `yearOffset` when said ("明年春节", "thanksgiving 2027") */
  | { readonly kind: 'holiday'; readonly name: string; readonly year?: number; readonly yearOffset?: number; readonly toward?: Direction; readonly shift?: number }
  /** 三个月后, in 3 months, two months ago: the same day of another month (the last day when it is shorter) */
  | { readonly kind: 'months'; readonly months: number }
  /** the last day of November, 下个月最后一天 */
  | { readonly kind: 'lastDay'; readonly month?: number; readonly year?: number; readonly monthOffset?: number }
  /** 第二天, 次日, the next day, three days later: counted from the date said before it (the departure) */
  | { readonly kind: 'after'; readonly days: number }
  /** 正月初八, 腊月二十三, 农历八月十五: a lunar month and day */
  | { readonly kind: 'lunar'; readonly month: number; readonly day: number; readonly yearOffset?: number }
  /** 十月第一个星期一, last Friday of October (n -1), 下个月第二个周五 (monthOffset +1) */
  | { readonly kind: 'nthWeekday'; readonly n: number; readonly dow: number; readonly month?: number; readonly monthOffset?: number; readonly year?: number; readonly yearOffset?: number }
  /** 11月30日, Dec 3, 2026-12-10; yearOffset for 明年/去年 */
  | { readonly kind: 'monthDay'; readonly month: number; readonly day: number; readonly year?: number; readonly yearOffset?: number }
  /** 3号, the 5th, 下个月3号 (monthOffset +1) */
  | { readonly kind: 'day'; readonly day: number; readonly monthOffset?: number };

/** Whether an unqualified date ("周五", "12月3日") is looked for ahead of today (trips, visits) or behind it (expenses). */
export type Direction = 'future' | 'past';

/** How far an unqualified month/day may lie on the "wrong" side of today before it is read as another year. */
const FUTURE_GRACE_DAYS = 60;
const PAST_GRACE_DAYS = 31;

function resolveMonthDay(e: Extract<DateExpr, { kind: 'monthDay' }>, today: number, dir: Direction, anchor?: number): number | undefined {
  const t = ymd(today);
  if (e.year !== undefined) return dayOf(e.year < 100 ? 2000 + e.year : e.year, e.month, e.day);
  if (e.yearOffset !== undefined) return dayOf(t.y + e.yearOffset, e.month, e.day);
  if (anchor !== undefined) {
    const a = ymd(anchor).y;
    const same = dayOf(a, e.month, e.day);
    return same !== undefined && same >= anchor ? same : dayOf(a + 1, e.month, e.day);
  }
  const candidate = dayOf(t.y, e.month, e.day);
  if (candidate === undefined) return undefined;
  if (dir === 'future' && candidate < today - FUTURE_GRACE_DAYS) return dayOf(t.y + 1, e.month, e.day);
  if (dir === 'past' && candidate > today + PAST_GRACE_DAYS) return dayOf(t.y - 1, e.month, e.day);
  return candidate;
}

function resolveDay(e: Extract<DateExpr, { kind: 'day' }>, today: number, dir: Direction, anchor?: number): number | undefined {
  const base = ymd(anchor ?? today);
  if (e.monthOffset !== undefined) {
    const { y, m } = addMonths(base.y, base.m, e.monthOffset);
    return dayOf(y, m, e.day);
  }
  const forward = anchor !== undefined || dir === 'future';
  const within = e.day <= daysInMonth(base.y, base.m) ? dayOf(base.y, base.m, e.day) : undefined;
  if (within !== undefined && (forward ? e.day >= base.d : e.day <= base.d)) return within;
  const { y, m } = addMonths(base.y, base.m, forward ? 1 : -1);
  return dayOf(y, m, e.day);
}

/**
 * A day that comes once a year (`inYear` gives it for a Gregorian year): the said year, else the first on or after
 * the anchor, else the next one on or after today (future) or the last one on or before today (past).
 */
function resolveYearly(inYear: (y: number) => number | undefined, today: number, dir: Direction, anchor: number | undefined, year?: number): number | undefined {
  if (year !== undefined) return inYear(year);
  const base = anchor ?? today;
  const y = ymd(base).y;
  if (anchor !== undefined || dir === 'future') {
    const same = inYear(y);
    return same !== undefined && same >= base ? same : inYear(y + 1);
  }
  const same = inYear(y);
  return same !== undefined && same <= base ? same : inYear(y - 1);
}

function resolveNthWeekday(e: Extract<DateExpr, { kind: 'nthWeekday' }>, today: number, dir: Direction, anchor?: number): number | undefined {
  if (e.month === undefined) {
    const t = ymd(anchor ?? today);
    const { y, m } = addMonths(t.y, t.m, e.monthOffset ?? 0);
    return nthWeekdayOf(y, m, e.dow, e.n);
  }
  const month = e.month;
  const year = e.year ?? (e.yearOffset === undefined ? undefined : ymd(today).y + e.yearOffset);
  return resolveYearly((y) => nthWeekdayOf(y, month, e.dow, e.n), today, dir, anchor, year);
}

/**
 * True when `e` could name either of two days depending on who says it: English "next Friday" said while this
 * week's Friday is still ahead, "last Monday" said after this week's Monday. The rules leave such a day out and ask.
 */
export function isAmbiguous(e: DateExpr, today: number): boolean {
  if (e.kind !== 'weekday' || e.occurrence !== undefined) return false;
  const now = isoWeekday(today);
  // "周五" said on a Friday: today, or a week from today?
  if (e.loose === undefined) return e.week === undefined && e.dow === now;
  return e.loose === 'next' ? e.dow > now : e.dow < now;
}

/**
 * The day number `e` names, counted from `today` (a day number). An `anchor` (e.g. the departure day, or the start of
 * a range) makes open-ended phrases ("周三回来", "back Saturday", "-11") mean the first such day on or after it.
 * Undefined when the phrase names no real day (2月30日).
 */
export function resolveDate(e: DateExpr, today: number, dir: Direction, anchor?: number): number | undefined {
  switch (e.kind) {
    case 'offset':
      return today + e.days;
    case 'weekday': {
      if (e.occurrence !== undefined) {
        const delta = (e.dow - isoWeekday(today) + 7) % 7 || 7;
        return today + delta + 7 * (e.occurrence - 1);
      }
      if (e.week !== undefined) return mondayOf(today) + 7 * e.week + (e.dow - 1);
      const base = anchor ?? today;
      const delta = e.dow - isoWeekday(base);
      if (anchor === undefined && dir === 'past') return base + (delta <= 0 ? delta : delta - 7);
      return base + (delta >= 0 ? delta : delta + 7);
    }
    case 'monthDay':
      return resolveMonthDay(e, today, dir, anchor);
    case 'day':
      return resolveDay(e, today, dir, anchor);
    case 'holiday': {
      const name = e.name;
      const shift = e.shift ?? 0;
      const inYear = (y: number) => {
        const d = holidayIn(name, y);
        return d === undefined ? undefined : d + shift;
      };
      if (e.yearOffset !== undefined) return inYear(ymd(today).y + e.yearOffset);
      return resolveYearly(inYear, today, e.toward ?? dir, e.toward === undefined ? anchor : undefined, e.year);
    }
    case 'after':
      return anchor === undefined ? undefined : anchor + e.days;
    case 'months': {
      const t = ymd(today);
      const { y, m } = addMonths(t.y, t.m, e.months);
      return dayOf(y, m, Math.min(t.d, daysInMonth(y, m)));
    }
    case 'lastDay': {
      if (e.month === undefined) {
        const t = ymd(anchor ?? today);
        const { y, m } = addMonths(t.y, t.m, e.monthOffset ?? 0);
        return dayOf(y, m, daysInMonth(y, m));
      }
      // Which year: as for "11月1日" (a little behind today is still this year's); then that month's last day.
      const first = resolveMonthDay({ kind: 'monthDay', month: e.month, day: 1, ...(e.year === undefined ? {} : { year: e.year }) }, today, dir, anchor);
      if (first === undefined) return undefined;
      const y = ymd(first).y;
      return dayOf(y, e.month, daysInMonth(y, e.month));
    }
    case 'lunar': {
      const { month, day } = e;
      // A lunar date said plainly is the next (or last) one; "明年正月初八" is in next year's lunar calendar.
      if (e.yearOffset !== undefined) return lunarInGregorianYear(ymd(today).y + e.yearOffset, month, day);
      return resolveYearly((y) => lunarInGregorianYear(y, month, day), today, dir, anchor);
    }
    case 'nthWeekday':
      return resolveNthWeekday(e, today, dir, anchor);
  }
}
