// A recurring visit in words: "每周二上午10点…共4次", "每周二、周四…到12月20日", "每天下午两点…连续三天", "every Tuesday at
// 10am for 4 weeks", "daily for 3 days", "every Monday and Wednesday, 6 times". Gives the rule (frequency, weekdays,
// a count when one is said) and the weekdays named; firstWeekdayFrom gives the first day when no date was written. The end date
// ("到12月20日", "until Dec 20") is the date mention after 到/至/until, resolved by the caller like any date.
import type { VisitRecurrenceFields } from '../../../domain/nlu/index.js';
import { isoWeekday } from './calendar.js';
import { CN_SMALL } from './chinese-numerals.js';
import type { Doc } from './normalize.js';
import { EN_NUMBER_WORD, parseCount } from './number-words.js';

const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const CN_DAY: Readonly<Record<string, number>> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7 };
const EN_DAY: Readonly<Record<string, number>> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

const CN_WEEKLY = /(?:每(?:个)?|隔)(两|2)?(?:周|星期|礼拜)([一二三四五六日天1-7](?:\s*[、,，和及与/]\s*(?:周|星期|礼拜)?[一二三四五六日天1-7])*)?/;
const CN_DAILY = /每(?:一)?(?:天|日)/;
const CN_COUNT = new RegExp(`(?:共|一共|总共|合计|计|连续|为期|持续)\\s*(\\d{1,3}|${CN_SMALL})\\s*(次|天|日|周|个?星期|个?礼拜)`);
const EN_DOW = '(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*';
const EN_WEEKLY = new RegExp(`\\b(?:every|each)\\s+(?:other\\s+)?${EN_DOW}(?:\\s*(?:,|and|&|or)\\s*${EN_DOW})*|\\b(?:weekly|every\\s+(?:other\\s+)?week)\\b`);
const EN_DAILY = /\b(?:daily|every\s+day|each\s+day)\b/;
const EN_COUNT = new RegExp(`\\b(?:for\\s+)?(\\d{1,3}|${EN_NUMBER_WORD})\\s+(times|visits|sessions|weeks|days|consecutive\\s+days)\\b`);

/** The rule the text says, the weekdays it names (1 = Monday) and where; undefined if none. */
export function findRecurrence(doc: Doc): { rule: VisitRecurrenceFields; weekdays?: number[]; span?: [number, number] } | undefined {
  const t = doc.norm;
  let rule: VisitRecurrenceFields | undefined;
  let days: number[] = [];
  const cnWeekly = CN_WEEKLY.exec(t);
  const enWeekly = EN_WEEKLY.exec(t);
  if (cnWeekly) {
    days = [...(cnWeekly[2] ?? '').matchAll(/[一二三四五六日天1-7]/g)].map((m) => CN_DAY[m[0]]!);
    rule = { frequency: 'weekly', ...(cnWeekly[1] || cnWeekly[0].startsWith('隔') ? { interval: 2 } : {}) };
  } else if (CN_DAILY.test(t)) rule = { frequency: 'daily' };
  else if (enWeekly) {
    days = [...enWeekly[0].matchAll(new RegExp(`\\b${EN_DOW}`, 'g'))].map((m) => EN_DAY[m[0].slice(0, 3)]!);
    rule = { frequency: 'weekly', ...(/\bother\b/.test(enWeekly[0]) ? { interval: 2 } : {}) };
  } else if (EN_DAILY.test(t)) rule = { frequency: 'daily' };
  if (!rule) return undefined;
  const unique = [...new Set(days)].sort((a, b) => a - b);
  if (unique.length > 0) rule.weekdays = unique.map((d) => WEEKDAY_KEYS[d - 1]!);
  const cn = CN_COUNT.exec(t);
  const en = EN_COUNT.exec(t);
  const n = cn ? parseCount(cn[1]!) : en ? parseCount(en[1]!) : undefined;
  // "for 4 weeks" on a rule of two weekdays is 8 visits; "共4次" and "4 times" are visits however many weekdays.
  const perWeek = rule.frequency === 'weekly' && (cn ? /周|星期|礼拜/.test(cn[2]!) : en ? en[2] === 'weeks' : false) ? Math.max(1, unique.length) : 1;
  if (n !== undefined && n > 0) rule.count = n * perWeek;
  // Where the weekdays were named: a date grammar reading "周四" or "Thursday" there is not the first visit's day.
  const named = cnWeekly ?? enWeekly;
  return { rule, ...(unique.length > 0 ? { weekdays: unique } : {}), ...(named ? { span: [named.index, named.index + named[0].length] as [number, number] } : {}) };
}

/** The first day on or after `today` that is one of `weekdays` (1 = Monday … 7 = Sunday). */
export function firstWeekdayFrom(today: number, weekdays: readonly number[]): number {
  for (let d = today; d < today + 7; d++) if (weekdays.includes(isoWeekday(d))) return d;
  return today;
}
