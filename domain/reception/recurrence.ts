// Recurring visits (周期来访): a rule ("every Tuesday at 10:00, 4 times", "daily for three days") and its expansion
// into occurrences. Occurrences keep the first visit's wall-clock time in the organisation's time zone (a weekly
// 10:00 visit stays 10:00 local across a daylight-saving change) and its length in wall-clock terms. A series is
// bounded: at most MAX_OCCURRENCES, and a rule that would make more is refused naming the field.
//
// Hand-written rather than `rrule`: we need two frequencies, weekdays and count/until, but we need them in an IANA zone,
// which rrule only does through "floating" dates and a separate zone library; this is shorter than that glue.
import { z } from 'zod';
import { domainError, err, ok, type Result } from '../shared/index.js';

/** The most occurrences one registration makes (half a year of weekly visits). */
export const MAX_OCCURRENCES = 26;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const IsoDate = z.iso.date();

export const RecurrenceSchema = z
  .object({
    /** `daily`: every `interval` days; `weekly`: every `interval` weeks, on `weekdays` (default: the first visit's). */
    frequency: z.enum(['daily', 'weekly']),
    interval: z.number().int().min(1).max(4).default(1),
    weekdays: z.array(z.enum(WEEKDAYS)).min(1).max(7).optional(),
    /** How many visits in all, the first included (exactly one of `count` and `until`). */
    count: z.number().int().min(1).optional(),
    /** The last local date a visit may fall on (YYYY-MM-DD, inclusive, the organisation's time zone). */
    until: IsoDate.optional(),
  })
  .strict();
export type Recurrence = z.infer<typeof RecurrenceSchema>;
export type RecurrenceInput = z.input<typeof RecurrenceSchema>;

export interface Occurrence {
  start: Date;
  end: Date;
}

const invalid = (field: string, message: string) => err(domainError('VALIDATION.INVALID', message, { field: `recurrence${field ? `.${field}` : ''}` }));

/**
 * The visits of a series whose first visit is [start, end): the first on the start's local date (or the first listed
 * weekday after it), then by the rule, each at the same local times. VALIDATION.INVALID names the field when the rule
 * has neither or both of count and until, weekdays on a daily rule, an until before the start, more than
 * MAX_OCCURRENCES visits, or visits that would overlap.
 */
export function expandRecurrence(first: Occurrence, rule: Recurrence, timeZone: string): Result<Occurrence[]> {
  if ((rule.count === undefined) === (rule.until === undefined)) return invalid('', 'a recurring visit needs either a count or an end date (until), not both');
  if (rule.frequency === 'daily' && rule.weekdays) return invalid('weekdays', 'weekdays go with a weekly rule; a daily one repeats every day');
  if (rule.count !== undefined && rule.count > MAX_OCCURRENCES) return invalid('count', `a recurring visit has at most ${MAX_OCCURRENCES} occurrences; register a longer series as two`);
  const startLocal = localParts(first.start, timeZone);
  const endLocal = localParts(first.end, timeZone);
  const startDay = startLocal.date;
  if (rule.until !== undefined && rule.until < startDay) return invalid('until', `the series ends (${rule.until}) before its first visit (${startDay})`);
  // The end is kept as "so many days after the start's day, at this local time".
  const endDayOffset = daysBetween(startDay, endLocal.date);
  const days: string[] = [];
  const want = rule.count ?? MAX_OCCURRENCES + 1;
  const inRange = (d: string) => rule.until === undefined || d <= rule.until;
  if (rule.frequency === 'daily') {
    for (let d = startDay; days.length < want && inRange(d); d = addDays(d, rule.interval)) days.push(d);
  } else {
    const weekdays = new Set<number>((rule.weekdays ?? [WEEKDAYS[isoWeekday(startDay) - 1]!]).map((w) => WEEKDAYS.indexOf(w) + 1));
    // Week by week from the Monday of the first visit's week; every `interval`-th week counts.
    for (let monday = addDays(startDay, 1 - isoWeekday(startDay)); days.length < want; monday = addDays(monday, 7 * rule.interval)) {
      if (!inRange(monday)) break;
      for (let i = 0; i < 7 && days.length < want; i++) {
        const d = addDays(monday, i);
        if (d >= startDay && inRange(d) && weekdays.has(i + 1)) days.push(d);
      }
    }
  }
  if (days.length > MAX_OCCURRENCES) return invalid('until', `a recurring visit has at most ${MAX_OCCURRENCES} occurrences; this end date makes more: end it sooner or register two series`);
  if (days.length === 0) return invalid('until', 'the rule makes no visit before its end date');
  const out = days.map((d) => ({ start: zonedInstant(d, startLocal.time, timeZone), end: zonedInstant(addDays(d, endDayOffset), endLocal.time, timeZone) }));
  // Each occurrence is a visit of its own: one still running when the next starts would be two visits at once.
  if (out.some((o, i) => i > 0 && o.start.getTime() < out[i - 1]!.end.getTime())) return invalid('', 'each visit of the series must end before the next one starts: shorten the visit or space the visits out');
  return ok(out);
}

const WEEKDAY_NAMES: Readonly<Record<Weekday, { zh: string; en: string }>> = {
  mon: { zh: '周一', en: 'Mon' },
  tue: { zh: '周二', en: 'Tue' },
  wed: { zh: '周三', en: 'Wed' },
  thu: { zh: '周四', en: 'Thu' },
  fri: { zh: '周五', en: 'Fri' },
  sat: { zh: '周六', en: 'Sat' },
  sun: { zh: '周日', en: 'Sun' },
};

/**
 * The rule in words: "每周二、周四，共4次" / "weekly on Tue, Thu, 4 times", "每天，至2026-12-20" / "daily until
 * 2026-12-20". `weekdays` falls back to `firstWeekday` (the first visit's) as the expansion does.
 */
export function describeRecurrence(rule: RecurrenceInput, lang: 'zh' | 'en', firstWeekday?: Weekday): string {
  const interval = rule.interval ?? 1;
  const days = (rule.weekdays ?? (firstWeekday ? [firstWeekday] : [])).map((w) => WEEKDAY_NAMES[w][lang]);
  const sep = lang === 'zh' ? '、' : ', ';
  let how: string;
  if (rule.frequency === 'daily') how = lang === 'zh' ? (interval === 1 ? '每天' : `每${interval}天`) : interval === 1 ? 'daily' : `every ${interval} days`;
  else {
    const every = lang === 'zh' ? (interval === 1 ? '每周' : `每${interval}周的`) : interval === 1 ? 'weekly' : `every ${interval} weeks`;
    // "每周二、周四" (not "每周周二"); "每2周的周二".
    const zhDays = interval === 1 ? [days[0]?.slice(1) ?? '', ...days.slice(1)] : days;
    how = days.length === 0 ? every : lang === 'zh' ? `${every}${zhDays.join(sep)}` : `${every} on ${days.join(sep)}`;
  }
  const bound = rule.count !== undefined ? (lang === 'zh' ? `共${rule.count}次` : `${rule.count} times`) : rule.until !== undefined ? (lang === 'zh' ? `至${rule.until}` : `until ${rule.until}`) : '';
  return bound ? (lang === 'zh' ? `${how}，${bound}` : `${how}, ${bound}`) : how;
}

/** The weekday of `at` in `timeZone`. */
export function weekdayIn(at: Date, timeZone: string): Weekday {
  return WEEKDAYS[isoWeekday(localParts(at, timeZone).date) - 1]!;
}

// Calendar arithmetic on YYYY-MM-DD strings (UTC noon-free: dates only) and wall-clock time in a zone through Intl.

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** 1 = Monday … 7 = Sunday. */
function isoWeekday(date: string): number {
  return ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function partsOf(at: Date, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    if (formats.size >= 1000) formats.clear();
    formats.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const x of f.formatToParts(at)) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return { y: p.year!, mo: p.month!, d: p.day!, h: p.hour!, mi: p.minute!, s: p.second! };
}

interface LocalParts {
  date: string;
  /** Milliseconds after local midnight (wall clock). */
  time: number;
}

function localParts(at: Date, timeZone: string): LocalParts {
  const p = partsOf(at, timeZone);
  const date = `${String(p.y).padStart(4, '0')}-${String(p.mo).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
  return { date, time: ((p.h * 60 + p.mi) * 60 + p.s) * 1000 + (at.getTime() % 1000 + 1000) % 1000 };
}

/** Minutes `timeZone` is ahead of UTC at `at`. */
function offsetMinutes(at: number, timeZone: string): number {
  const p = partsOf(new Date(at), timeZone);
  const asUtc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60_000);
}

/**
 * The instant of local `date` + `time` in `timeZone`. A wall time skipped by a spring-forward change (02:30 in Berlin
 * on the last Sunday of March) is read with the offset before it, i.e. it lands an hour later (03:30), as calendars do;
 * a repeated one (autumn) is its first occurrence.
 */
export function zonedInstant(date: string, time: number, timeZone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + time;
  const before = wall - offsetMinutes(wall - 86_400_000 / 2, timeZone) * 60_000;
  const guess = wall - offsetMinutes(before, timeZone) * 60_000;
  // Settled when the guess reads back as the wall time; otherwise (a skipped time) the earlier offset applies.
  if (guess + offsetMinutes(guess, timeZone) * 60_000 === wall) {
    // Of two readings (the repeated autumn hour) prefer the earlier instant.
    const earlier = wall - offsetMinutes(guess - 3_600_000, timeZone) * 60_000;
    return new Date(earlier < guess && earlier + offsetMinutes(earlier, timeZone) * 60_000 === wall ? earlier : guess);
  }
  return new Date(before);
}
