// What a date phrase means before it is pinned to a calendar day, and how it is pinned relative to "today".
import { addMonths, dayOf, daysInMonth, isoWeekday, mondayOf, ymd } from './calendar.js';

export type DateExpr =
  /** 今天, 明天, 3天后, yesterday */
  | { readonly kind: 'offset'; readonly days: number }
  /** 周五, 下周二 (week +1), this Friday (week 0), last Friday (week -1); ISO weekday 1–7 */
  | { readonly kind: 'weekday'; readonly dow: number; readonly week?: number }
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
 * The day number `e` names, counted from `today` (a day number). An `anchor` (e.g. the departure day, or the start of
 * a range) makes open-ended phrases ("周三回来", "back Saturday", "-11") mean the first such day on or after it.
 * Undefined when the phrase names no real day (2月30日).
 */
export function resolveDate(e: DateExpr, today: number, dir: Direction, anchor?: number): number | undefined {
  switch (e.kind) {
    case 'offset':
      return today + e.days;
    case 'weekday': {
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
  }
}
