// Finds date phrases (Chinese and English, relative and absolute, single days and ranges) and claims their text.
import { CN_SMALL, parseInteger } from './chinese-numerals.js';
import type { DateExpr } from './date-expr.js';
import { HOLIDAY_PATTERN } from './holidays.js';
import { claimAll, consume, type Doc } from './normalize.js';
import { EN_NUMBER_WORD, parseCount } from './number-words.js';

export interface DateMention {
  readonly start: number;
  readonly end: number;
  readonly from: DateExpr;
  /** Set for a range ("12月8日至10日", "Dec 7-11", "周一到周三"). */
  readonly to?: DateExpr;
  /** The weekday said beside the date ("Monday, Dec 7", "12月8日（周二）"): the day is only sure when they agree. */
  readonly weekdaySaid?: number;
  /** Read, but it may mean another day: "八月十五" without 日/号 is also the Mid-Autumn Festival (lunar 8/15). */
  readonly unsure?: true;
}

const N = `(\\d{1,2}|${CN_SMALL})`;
const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const MONTH_INDEX: Readonly<Record<string, number>> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const EN_DOW = 'mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?';
const EN_DOW_INDEX: Readonly<Record<string, number>> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
const CN_DOW: Readonly<Record<string, number>> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, 七: 7, 末: 6 };
const CN_WEEK: Readonly<Record<string, number>> = { 下下: 2, 下: 1, 这: 0, 本: 0, 今: 0, 上: -1, 上上: -2 };
const EN_WEEK: Readonly<Record<string, number>> = { next: 1, this: 0, last: -1, past: -1 };
const CN_MONTH_OFFSET: Readonly<Record<string, number>> = { 下下: 2, 下: 1, 次: 1, 本: 0, 这: 0, 当: 0, 今: 0, 上: -1 };
const CN_RELATIVE: Readonly<Record<string, number>> = {
  大后天: 3, 后天: 2, 明天: 1, 明日: 1, 明儿: 1, 明: 1, 今天: 0, 今日: 0, 今儿: 0, 今: 0, 昨天: -1, 昨日: -1, 昨儿: -1, 昨: -1, 前天: -2, 大前天: -3,
};
const EN_RELATIVE: Readonly<Record<string, number>> = { today: 0, tonight: 0, tomorrow: 1, tmr: 1, tmrw: 1, yesterday: -1 };
/** Cantonese (and Wu) day words, as normalised: 聽日 → 听日, 尋日 → 寻日, 後日 → 后日. */
const CANTONESE_RELATIVE: Readonly<Record<string, number>> = {
  听: 1, 寻: -1, 琴: -1, 听日: 1, 听朝: 1, 听晚: 1, 寻日: -1, 琴日: -1, 噚日: -1, 寻晚: -1, 琴晚: -1, 前日: -2, 大前日: -3, 后日: 2, 大后日: 3, 今朝: 0,
};
const EN_ORDINAL_WORDS: Readonly<Record<string, number>> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17,
  eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30,
};
/** "first", "21st", "twenty-first", "thirty first": a day of the month written as an ordinal. */
const EN_ORDINAL = `(?:(?:twenty|thirty)[\\s-]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|${Object.keys(EN_ORDINAL_WORDS).sort((a, b) => b.length - a.length).join('|')}|\\d{1,2}(?:st|nd|rd|th))`;
function ordinalDay(s: string): number {
  const t = s.replace(/[\s-]+/g, ' ').trim();
  const digits = /^(\d{1,2})/.exec(t);
  if (digits) return Number(digits[1]);
  const tens = /^(twenty|thirty) (\w+)$/.exec(t);
  if (tens) return (tens[1] === 'twenty' ? 20 : 30) + (EN_ORDINAL_WORDS[tens[2] as string] ?? NaN);
  return EN_ORDINAL_WORDS[t] ?? NaN;
}
const NTH_WORD: Readonly<Record<string, number>> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, fifth: 5, '5th': 5, last: -1, final: -1 };
const CN_NTH: Readonly<Record<string, number>> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5 };
const YEAR_OFFSET: Readonly<Record<string, number>> = { 今: 0, 明: 1, 去: -1, 下: 1, 来: 1 };
/** Month-days that are lunar festivals (元宵, 端午, 七夕, 中元, 中秋, 重阳, 腊八): said as 八月十五 they may mean the festival. */
const LUNAR_FESTIVAL_DAYS = new Set(['1-15', '5-5', '7-7', '7-15', '8-15', '9-9', '12-8']);
/** Lunar months as named: 正月 is the first, 冬月 the eleventh, 腊月 the twelfth. */
const LUNAR_MONTH: Readonly<Record<string, number>> = { 正: 1, 冬: 11, 腊: 12 };
/** A lunar day: 初一…初十, 十一…十九, 二十, 廿一…廿九, 三十. */
const LUNAR_DAY = '初[一二三四五六七八九十]|十[一二三四五六七八九]|二十[一二三四五六七八九]?|廿[一二三四五六七八九]|三十';
function lunarDayOf(s: string): number {
  if (s.startsWith('初')) return s === '初十' ? 10 : (parseInteger(s.slice(1)) ?? NaN);
  return parseInteger(s) ?? NaN;
}

const num = (s: string | undefined): number => (s === undefined ? NaN : (parseInteger(s) ?? NaN));
const validMonthDay = (m: number, d: number): boolean => m >= 1 && m <= 12 && d >= 1 && d <= 31;
const monthOf = (s: string): number => MONTH_INDEX[s.slice(0, 3)] ?? NaN;
const dowOf = (s: string): number => EN_DOW_INDEX[s.slice(0, 3)] ?? NaN;
/** A year written with two or four digits. */
const yearOf = (s: string | undefined): number | undefined => (s === undefined ? undefined : s.length === 2 ? 2000 + Number(s) : Number(s));
function monthDay(m: number, d: number, year?: number): DateExpr | undefined {
  if (!validMonthDay(m, d)) return undefined;
  return year === undefined ? { kind: 'monthDay', month: m, day: d } : { kind: 'monthDay', month: m, day: d, year };
}
/** M/D, or D/M when the first part cannot be a month. */
function slashDate(a: number, b: number, year?: number): DateExpr | undefined {
  return a > 12 && b <= 12 ? monthDay(b, a, year) : monthDay(a, b, year);
}

type Rule = { re: RegExp; read: (m: RegExpExecArray) => { from: DateExpr; to?: DateExpr; unsure?: true } | null | undefined };
/** `null` claims the text without producing a date ("本月", "next week", "每周一"). */
const single = (e: DateExpr | undefined) => (e === undefined ? undefined : { from: e });

// Order matters: longer and more specific forms claim their text first.
const RULES: readonly Rule[] = [
  // 初三 in a Spring Festival sentence ("春节去海口，初三回") is the 3rd of the first lunar month. Before the holiday
  // rule claims 春节, so that the word can still be seen.
  {
    re: /(?<=(?:春节|过年|新年|大年|正月|拜年|除夕)[^。.!！?？]{0,12})(?<![月\d])初([一二三四五六七八九十])(?![中一二三四五六七八九十])/g,
    read: (m) => {
      const day = lunarDayOf(`初${m[1] as string}`);
      return day >= 1 && day <= 10 ? single({ kind: 'lunar', month: 1, day }) : undefined;
    },
  },
  // 明年春节, 2027年中秋节, 圣诞节, 除夕前一天, next thanksgiving, black friday 2027, the day after christmas
  {
    re: new RegExp(
      `(?:\\b(?:the\\s+)?(day|${EN_NUMBER_WORD}\\s+days|\\d\\s+days)\\s+(before|after)\\s+)?(?:([今明去下来])年|(\\d{4})\\s*年)?\\s*(?:的)?(?:\\b(next|this|last|coming)\\s+)?(${HOLIDAY_PATTERN})(?:(?:\\s*,?\\s+|\\s+of\\s+)(\\d{4})\\b|\\s+(?:of\\s+)?(next|this|last)\\s+year\\b)?(?:\\s*(?:的)?(前|后)\\s*([一两二三四五六七1-7])\\s*天)?`,
      'g',
    ),
    read: (m) => {
      const name = m[6] as string;
      const year = m[4] ?? m[7];
      const offset = m[3] !== undefined ? YEAR_OFFSET[m[3]] : m[8] !== undefined ? EN_WEEK[m[8]] : undefined;
      // 前一天 / the day before: a shift from the holiday itself.
      const enDays = m[1] === undefined ? 0 : m[1] === 'day' ? 1 : (parseCount((m[1] as string).replace(/\s+days$/, '')) ?? NaN);
      const cnDays = m[10] === undefined ? 0 : (parseInteger(m[10]) ?? NaN);
      const shift = m[2] === 'before' ? -enDays : m[2] === 'after' ? enDays : m[9] === '前' ? -cnDays : cnDays;
      if (!Number.isFinite(shift)) return undefined;
      const base: DateExpr =
        year !== undefined
          ? { kind: 'holiday', name, year: Number(year) }
          : offset !== undefined
            ? { kind: 'holiday', name, yearOffset: offset }
            : { kind: 'holiday', name, ...(m[5] === 'last' ? { toward: 'past' as const } : m[5] === undefined ? {} : { toward: 'future' as const }) };
      return single(shift === 0 ? base : { ...base, shift } as DateExpr);
    },
  },
  // 农历八月十五, 正月初八, 腊月二十三, 大年初三, 明年正月初六
  {
    re: new RegExp(`(?:([今明去])年)?\\s*(?:(?:农历|阴历|旧历)\\s*(正|冬|腊|[一二三四五六七八九十]{1,2})月\\s*(${LUNAR_DAY})|(正|冬|腊)月\\s*(${LUNAR_DAY})|([一二三四五六七八九十]{1,2})月\\s*(初[一二三四五六七八九十])|大年(初[一二三四五六七八九十])|(?<=(?:春节|过年|新年|大年|正月|拜年|除夕).{0,12})(?<![月\\d])(初[一二三四五六七八九十])(?![中一二三四五六七八九十]))`, 'g'),
    read: (m) => {
      const monthWord = m[2] ?? m[4] ?? m[6] ?? '正';
      const month = LUNAR_MONTH[monthWord] ?? parseInteger(monthWord) ?? NaN;
      const day = lunarDayOf((m[3] ?? m[5] ?? m[7] ?? m[8] ?? m[9]) as string);
      if (!(month >= 1 && month <= 12 && day >= 1 && day <= 30)) return undefined;
      const yearOffset = m[1] === undefined ? undefined : YEAR_OFFSET[m[1]];
      return single(yearOffset === undefined ? { kind: 'lunar', month, day } : { kind: 'lunar', month, day, yearOffset });
    },
  },
  // 第二天回, 次日返回, 隔天, the next day, the following day, the day after: counted from the date before it
  { re: /第二天|次日|翌日|隔天|隔日|\b(?:the\s+)?(?:next|following)\s+day\b|\bthe\s+day\s+after\b(?!\s+(?:tomorrow|tmrw?|next|the|christmas|new|thanksgiving))/g, read: () => single({ kind: 'after', days: 1 }) },
  // 元月三号: 元月 is January
  { re: new RegExp(`元月\\s*${N}\\s*[日号]?`, 'g'), read: (m) => single(monthDay(1, num(m[1]))) },
  // 十月第一个星期一, 十月的最后一个周五, 下个月第二个周三, 本月最后一个礼拜五
  {
    re: new RegExp(`(?:(?:([今明去])年|(\\d{4})\\s*年)?\\s*${N}\\s*月(?:份)?|(下下|下|本|这|当|今|上)个?月)\\s*(?:的)?\\s*(?:第([一二三四五1-5])|(最后))\\s*(?:一)?\\s*个?\\s*(?:周|星期|礼拜)\\s*([一二三四五六日天七1-7])`, 'g'),
    read: (m) => {
      const dayWord = m[7] as string;
      const dow = /\d/.test(dayWord) ? Number(dayWord) : CN_DOW[dayWord];
      const n = m[6] !== undefined ? -1 : (CN_NTH[m[5] as string] ?? NaN);
      if (dow === undefined || !(n === -1 || (n >= 1 && n <= 5))) return undefined;
      if (m[3] !== undefined) {
        const month = num(m[3]);
        if (!(month >= 1 && month <= 12)) return undefined;
        if (m[2] !== undefined) return single({ kind: 'nthWeekday', n, dow, month, year: Number(m[2]) });
        if (m[1] !== undefined) return single({ kind: 'nthWeekday', n, dow, month, yearOffset: YEAR_OFFSET[m[1]] ?? 0 });
        return single({ kind: 'nthWeekday', n, dow, month });
      }
      return single({ kind: 'nthWeekday', n, dow, monthOffset: CN_MONTH_OFFSET[m[4] as string] ?? 0 });
    },
  },
  // the last day of November, 本月最后一天, 下个月最后一天
  {
    re: new RegExp(`\\b(?:the\\s+)?last\\s+day\\s+(?:of|in)\\s+(?:(${MONTHS})\\b\\.?(?:,?\\s+(\\d{4})\\b)?|(next|this|last|the)\\s+month\\b)|(?:${N}\\s*月|(下下|下|本|这|当|今|上)个?月)(?:的)?(?:最后一天|月底那天)`, 'g'),
    read: (m) => {
      if (m[1] !== undefined) return single({ kind: 'lastDay', month: monthOf(m[1]), ...(m[2] === undefined ? {} : { year: Number(m[2]) }) });
      if (m[3] !== undefined) return single({ kind: 'lastDay', monthOffset: m[3] === 'the' ? 0 : (EN_WEEK[m[3]] ?? 0) });
      if (m[4] !== undefined) {
        const month = num(m[4]);
        return month >= 1 && month <= 12 ? single({ kind: 'lastDay', month }) : undefined;
      }
      return single({ kind: 'lastDay', monthOffset: CN_MONTH_OFFSET[m[5] as string] ?? 0 });
    },
  },
  // first tuesday of october, last friday in october 2027, the second monday of next month
  {
    re: new RegExp(`\\b(?:the\\s+)?(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last|final)\\s+(${EN_DOW})\\s+(?:of|in)\\s+(?:(${MONTHS})\\b\\.?(?:,?\\s+(\\d{4})\\b)?|(next|this|last)\\s+month\\b|the\\s+month\\b)`, 'g'),
    read: (m) => {
      const n = NTH_WORD[m[1] as string] ?? NaN;
      const dow = dowOf(m[2] as string);
      if (m[3] !== undefined) {
        const month = monthOf(m[3]);
        return single(m[4] === undefined ? { kind: 'nthWeekday', n, dow, month } : { kind: 'nthWeekday', n, dow, month, year: Number(m[4]) });
      }
      return single({ kind: 'nthWeekday', n, dow, monthOffset: EN_WEEK[m[5] ?? 'this'] ?? 0 });
    },
  },
  // 2026-12-10, 2026/12/10, 2026年12月10日
  { re: /(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?!\d)/g, read: (m) => single(monthDay(Number(m[2]), Number(m[3]), Number(m[1]))) },
  // 二零二六年十二月三日: the year spelt digit by digit
  {
    re: new RegExp(`([零〇一二三四五六七八九]{4})\\s*年\\s*${N}\\s*月\\s*${N}\\s*[日号]?`, 'g'),
    read: (m) => {
      const y = parseInteger(m[1] as string);
      return y === undefined ? undefined : single(monthDay(num(m[2]), num(m[3]), y));
    },
  },
  // 明年1月5日
  {
    re: new RegExp(`([今明去])年\\s*${N}\\s*月\\s*${N}\\s*[日号]?`, 'g'),
    read: (m) => {
      const e = monthDay(num(m[2]), num(m[3]));
      return e && e.kind === 'monthDay' ? { from: { ...e, yearOffset: m[1] === '明' ? 1 : m[1] === '去' ? -1 : 0 } } : undefined;
    },
  },
  // 12月8日, 十一月三十号, 12月8 (then "-10日" is merged as a range). 八月十五, 五月初五-like days of the lunar
  // festivals written in Chinese numerals without 日/号 may mean the festival: read, but unsure.
  {
    re: new RegExp(`(?<![\\d.])${N}\\s*月\\s*${N}(?:\\s*([日号])|(?![\\d人位个天晚点时:.]))`, 'g'),
    read: (m) => {
      const e = monthDay(num(m[1]), num(m[2]));
      if (e === undefined) return undefined;
      const festival = m[3] === undefined && !/\d/.test(m[0]) && LUNAR_FESTIVAL_DAYS.has(`${num(m[1])}-${num(m[2])}`);
      return festival ? { from: e, unsure: true } : { from: e };
    },
  },
  // 下个月3号, 本月15日
  { re: new RegExp(`(下下|下|次|本|这|当|今|上)个?月\\s*(?:的)?\\s*${N}\\s*[日号]`, 'g'), read: (m) => single({ kind: 'day', day: num(m[2]), monthOffset: CN_MONTH_OFFSET[m[1] as string] ?? 0 }) },
  // the 20th of next month, 20 of this month, next month on the 5th
  {
    re: new RegExp(`\\b(?:the\\s+)?(\\d{1,2}(?:st|nd|rd|th)?|${EN_ORDINAL})\\s+(?:day\\s+)?of\\s+(next|this|last|the)\\s+month\\b|\\b(next|this|last)\\s+month\\s+on\\s+the\\s+(\\d{1,2}(?:st|nd|rd|th)|${EN_ORDINAL})\\b`, 'g'),
    read: (m) => {
      const day = ordinalDay((m[1] ?? m[4]) as string);
      const rel = (m[2] ?? m[3]) as string;
      return day >= 1 && day <= 31 ? single({ kind: 'day', day, monthOffset: rel === 'the' ? 0 : (EN_WEEK[rel] ?? 0) }) : undefined;
    },
  },
  { re: /(?:下下|下|本|这|当|今|上)个?月|(?:this|next|last)\s+month/g, read: () => null },
  // 12/10/2026, 12/8-12/10, 12/8-10, 12/3
  { re: /(?<![\d/.])(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?![\d/])/g, read: (m) => single(slashDate(Number(m[1]), Number(m[2]), yearOf(m[3]))) },
  {
    re: /(?<![\d/.])(\d{1,2})([/.])(\d{1,2})\s*(?:-|~|至|到)\s*(?:(\d{1,2})\2)?(\d{1,2})(?![\d/.])/g,
    read: (m) => {
      const from = slashDate(Number(m[1]), Number(m[3]));
      if (!from || from.kind !== 'monthDay') return undefined;
      const to = m[4] === undefined ? { kind: 'day' as const, day: Number(m[5]) } : slashDate(Number(m[4]), Number(m[5]));
      return to && (to.kind !== 'day' || to.day <= 31) ? { from, to } : undefined;
    },
  },
  { re: /(?<![\d/.$¥€£])(\d{1,2})\/(\d{1,2})(?![\d/])/g, read: (m) => single(slashDate(Number(m[1]), Number(m[2]))) },
  // 12.8 only where a date is clearly meant (otherwise "12.5" is an amount)
  { re: /(?<![\d.$¥€£])(\d{1,2})\.(\d{1,2})(?=\s*(?:出发|启程|去|到|飞|回|返|当天|上午|下午|晚上|早上|中午|来访|入住|退房|号|日))/g, read: (m) => single(monthDay(Number(m[1]), Number(m[2]))) },
  // 7-11 Dec, Dec 7 (2026), 3rd of December, 1 Dec
  {
    re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s*(?:-|~|to|until|till|through|thru)\\s*(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTHS})\\b\\.?(?:,?\\s*(\\d{4})\\b)?`, 'g'),
    read: (m) => {
      const from = monthDay(monthOf(m[3] as string), Number(m[1]), yearOf(m[4]));
      return from ? { from, to: { kind: 'day', day: Number(m[2]) } } : undefined;
    },
  },
  { re: new RegExp(`\\b(${MONTHS})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?!\\d)(?:,?\\s+(\\d{4})\\b)?`, 'g'), read: (m) => single(monthDay(monthOf(m[1] as string), Number(m[2]), yearOf(m[3]))) },
  // march first, march the third, the first of march, twenty-first of june 2027
  {
    re: new RegExp(`\\b(${MONTHS})\\.?\\s+(?:the\\s+)?(${EN_ORDINAL})\\b(?:,?\\s+(\\d{4})\\b)?|\\b(?:the\\s+)?(${EN_ORDINAL})\\s+(?:day\\s+)?of\\s+(${MONTHS})\\b\\.?(?:,?\\s+(\\d{4})\\b)?`, 'g'),
    read: (m) => (m[1] !== undefined ? single(monthDay(monthOf(m[1]), ordinalDay(m[2] as string), yearOf(m[3]))) : single(monthDay(monthOf(m[5] as string), ordinalDay(m[4] as string), yearOf(m[6])))),
  },
  { re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s*(?:of\\s+)?(${MONTHS})\\b\\.?(?:,?\\s+(\\d{4})\\b)?`, 'g'), read: (m) => single(monthDay(monthOf(m[2] as string), Number(m[1]), yearOf(m[3]))) },
  // 3天后, 两周后, 3 days ago, in 2 days
  {
    re: new RegExp(`${N}\\s*(天|日|个?(?:周|星期|礼拜))\\s*(后|之后|以后|前|之前|以前)`, 'g'),
    read: (m) => {
      const n = num(m[1]) * ((m[2] as string).length > 1 || m[2] === '周' ? 7 : 1);
      if (!Number.isFinite(n)) return undefined;
      return { from: /前/.test(m[3] as string) ? { kind: 'offset', days: -n } : { kind: 'offset', days: n, later: true } };
    },
  },
  {
    re: new RegExp(`\\bin\\s+(\\d{1,2}|${EN_NUMBER_WORD})\\s+(days?|weeks?|fortnights?)\\b|\\b(\\d{1,2}|${EN_NUMBER_WORD})\\s+(days?|weeks?|fortnights?)\\s+(ago|later|hence|from\\s+(?:now|today)|after\\s+today|before\\s+today|earlier|back)\\b`, 'g'),
    read: (m) => {
      const n = parseCount((m[1] ?? m[3]) as string);
      if (n === undefined) return undefined;
      const unit = (m[2] ?? m[4] ?? '') as string;
      const days = n * (unit.startsWith('fortnight') ? 14 : unit.startsWith('week') ? 7 : 1);
      const back = /^(?:ago|before|earlier|back)/.test(m[5] ?? '');
      return { from: back ? { kind: 'offset', days: -days } : m[5] === 'later' ? { kind: 'offset', days, later: true } : { kind: 'offset', days } };
    },
  },
  // 三个月后, 两个月前, in 3 months, three months ago / hence / from now
  {
    re: new RegExp(`${N}\\s*个\\s*月\\s*(后|之后|以后|前|之前|以前)|\\bin\\s+(\\d{1,2}|${EN_NUMBER_WORD})\\s+months?\\b|\\b(\\d{1,2}|${EN_NUMBER_WORD})\\s+months?\\s+(ago|later|hence|from\\s+(?:now|today))\\b`, 'g'),
    read: (m) => {
      const n = m[1] !== undefined ? num(m[1]) : (parseCount((m[3] ?? m[4]) as string) ?? NaN);
      if (!(n >= 1 && n <= 24)) return undefined;
      const back = m[2] !== undefined ? /前/.test(m[2]) : m[5] === 'ago';
      return single({ kind: 'months', months: back ? -n : n });
    },
  },
  // 今天 明天 后天 大后天 昨天 前天; 明早/今晚 claim only the day part so the time keeps 早/晚
  { re: /大后天|大前天|后天|前天|明天|明日|明儿|今天|今日|今儿|昨天|昨日|昨儿|[今明昨](?=[早晚晨])/g, read: (m) => single({ kind: 'offset', days: CN_RELATIVE[m[0]] ?? 0 }) },
  // Cantonese: 聽日 (tomorrow), 尋日/琴日 (yesterday), 前日, 後日, 大後日
  { re: /大前日|大后日|听日|听朝|寻日|琴日|噚日|(?:听|寻|琴)(?=晚)|(?<![以之])前日|(?<![之以今])后日|今朝/g, read: (m) => single({ kind: 'offset', days: CANTONESE_RELATIVE[m[0]] ?? 0 }) },
  { re: /\b(?:the\s+)?day\s+after\s+tomorrow\b/g, read: () => single({ kind: 'offset', days: 2 }) },
  { re: /\b(?:the\s+)?day\s+before\s+yesterday\b/g, read: () => single({ kind: 'offset', days: -2 }) },
  { re: /\b(?:today|tonight|tomorrow|tmrw?|yesterday)\b/g, read: (m) => single({ kind: 'offset', days: EN_RELATIVE[m[0]] ?? 0 }) },
  { re: /\bthis\s+(?:morning|afternoon|evening)\b/g, read: () => single({ kind: 'offset', days: 0 }) },
  { re: /\blast\s+night\b/g, read: () => single({ kind: 'offset', days: -1 }) },
  // 每周一 is a habit, not a date
  { re: /每个?(?:周|星期|礼拜)[一二三四五六日天七1-7末]|\bevery\s+(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*/g, read: () => null },
  // 下周二, 下个星期三, 这周五, 上周四, 周三, 周末
  {
    re: /(下下|上上|下|上|这|本|今)?\s*个?\s*(?:周|星期|礼拜)\s*([一二三四五六日天七末1-7])/g,
    read: (m) => {
      const d = m[2] as string;
      const dow = /\d/.test(d) ? Number(d) : CN_DOW[d];
      if (dow === undefined || dow < 1 || dow > 7) return undefined;
      // "帮我申请一下下周二" is 一下 + 下周二, not 下下周二.
      const prefix = m[1] === '下下' && m.input[m.index - 1] === '一' ? '下' : m[1];
      return single(prefix === undefined ? { kind: 'weekday', dow } : { kind: 'weekday', dow, week: CN_WEEK[prefix] ?? 0 });
    },
  },
  // Friday after next (the second Friday from today); Wednesday of next week / of this week / of last week
  { re: new RegExp(`\\b(${EN_DOW})\\s+after\\s+next\\b`, 'g'), read: (m) => single({ kind: 'weekday', dow: dowOf(m[1] as string), occurrence: 2 }) },
  {
    re: new RegExp(`\\b(${EN_DOW})\\s+(?:of|in)\\s+(next|this|last|the\\s+following|the\\s+coming)\\s+week\\b|\\b(${EN_DOW})\\s+(?:from|of)\\s+(last)\\s+week\\b`, 'g'),
    read: (m) => {
      const rel = (m[2] ?? m[4]) as string;
      return single({ kind: 'weekday', dow: dowOf((m[1] ?? m[3]) as string), week: /following|coming/.test(rel) ? 1 : (EN_WEEK[rel] ?? 0) });
    },
  },
  // next Monday, this Friday, last Fri, Monday next week, next week Tuesday
  {
    re: new RegExp(`\\b(next|this|last|past)\\s+week(?:'s)?\\s+(?:on\\s+)?(${EN_DOW})\\b|\\b(?:(next|this|last|past)\\s+(?:coming\\s+)?)?(?:coming\\s+)?(${EN_DOW})\\b(?:\\s+(next|this|last)\\s+week\\b)?`, 'g'),
    read: (m) => {
      const dow = dowOf((m[2] ?? m[4]) as string);
      const rel = m[1] ?? m[3] ?? m[5];
      if (rel === undefined) return single({ kind: 'weekday', dow });
      // "next Friday" / "last Monday" before the day (not "next week Friday"): which week depends on the speaker.
      const loose = m[3] === 'next' ? 'next' : m[3] === 'last' || m[3] === 'past' ? 'last' : undefined;
      return single(loose === undefined ? { kind: 'weekday', dow, week: EN_WEEK[rel] ?? 0 } : { kind: 'weekday', dow, week: EN_WEEK[rel] ?? 0, loose });
    },
  },
  { re: /\b(?:next|this|last)\s+week(?:end)?\b|(?:下下|下|这|本|上)个?(?:周|星期|礼拜)/g, read: () => null },
  // 3号, 十号, 10日 (not 1号线, 3号楼, 5日游)
  {
    re: new RegExp(`(?<![\\d月周期第.])${N}\\s*[号日](?![线楼门馆厅车床房位机店仓口游元内航站座\\d])`, 'g'),
    read: (m) => {
      const day = num(m[1]);
      return day >= 1 && day <= 31 ? { from: { kind: 'day', day } } : undefined;
    },
  },
  { re: new RegExp(`\\b(?:on\\s+)?the\\s+(\\d{1,2}(?:st|nd|rd|th)|${EN_ORDINAL})\\b(?!\\s+(?:time|floor|quarter|week|day|one|person|guest|visitor|stop))`, 'g'), read: (m) => {
    const day = ordinalDay(m[1] as string);
    return day >= 1 && day <= 31 ? single({ kind: 'day', day }) : undefined;
  } },
];

const CONNECTOR = /^\s*(?:-|~|至|到|→|until|till|to|through|thru)\s*$/;
const TRAILING_DAY = new RegExp(
  `^\\s*(?:-|~|至|到|until|till|to|through|thru)\\s*(\\d{1,2}|${CN_SMALL})(?:st|nd|rd|th|\\s*[日号])?(?![\\d:.月点时人天晚元块位个%])(?!\\s*(?:am|pm|a\\.m|p\\.m|people|persons?|pax|days?|nights?|weeks?|guests?))`,
);

const isPlainWeekday = (e: DateExpr): e is Extract<DateExpr, { kind: 'weekday' }> => e.kind === 'weekday' && e.week === undefined && e.loose === undefined && e.occurrence === undefined;
const isCalendarDay = (e: DateExpr): boolean => e.kind === 'monthDay' || e.kind === 'day';
/** Between a weekday and the date it names: "Monday, Dec 7", "Tuesday the 8th", "12月8日（周二）", "Jul 18, Fri". */
const BESIDE = /^\s*[,，(（]?\s*(?:the\s+)?$/;
const BESIDE_AFTER = /^\s*[,，(（]?\s*$/;

/** "Monday, Dec 7" and "12月8日（周二）" name one day: the date, with the weekday kept to check it against. */
function mergeWeekdays(doc: Doc, found: DateMention[]): DateMention[] {
  const out: DateMention[] = [];
  for (let i = 0; i < found.length; i++) {
    const a = found[i] as DateMention;
    const b = found[i + 1];
    if (b !== undefined && a.to === undefined && b.to === undefined) {
      const between = doc.norm.slice(a.end, b.start);
      if (isPlainWeekday(a.from) && isCalendarDay(b.from) && BESIDE.test(between)) {
        out.push({ ...b, start: a.start, weekdaySaid: a.from.dow });
        i++;
        continue;
      }
      if (isCalendarDay(a.from) && isPlainWeekday(b.from) && BESIDE_AFTER.test(between)) {
        const close = /^\s*[)）]/.exec(doc.norm.slice(b.end));
        out.push({ ...a, end: b.end + (close ? close[0].length : 0), weekdaySaid: b.from.dow });
        i++;
        continue;
      }
    }
    out.push(a);
  }
  return out;
}

/** Joins "A 到 B" into one range, and "Dec 7-11" / "12月8-10日" style day-only ends. */
function mergeRanges(doc: Doc, found: DateMention[]): DateMention[] {
  const out: DateMention[] = [];
  for (let i = 0; i < found.length; i++) {
    const a = found[i] as DateMention;
    const b = found[i + 1];
    if (a.to === undefined && b !== undefined && b.to === undefined && CONNECTOR.test(doc.norm.slice(a.end, b.start))) {
      out.push({ start: a.start, end: b.end, from: a.from, to: b.from });
      i++;
      continue;
    }
    if (a.to === undefined && (a.from.kind === 'monthDay' || a.from.kind === 'day')) {
      const tail = TRAILING_DAY.exec(doc.work.slice(a.end));
      const day = tail ? num(tail[1]) : NaN;
      if (tail && day >= 1 && day <= 31) {
        consume(doc, a.end, a.end + tail[0].length);
        out.push({ start: a.start, end: a.end + tail[0].length, from: a.from, to: { kind: 'day', day } });
        continue;
      }
    }
    out.push(a);
  }
  return out;
}

/** "11.15" standing alone: a date only when the money is already written elsewhere ("过路费 45元 11.15"). */
const LOOSE_MONTH_DOT: Rule = {
  re: /(?<=^|[\s，,。;；])(\d{1,2})\.(\d{1,2})(?=$|[\s，,。;；])/g,
  read: (m) => single(monthDay(Number(m[1]), Number(m[2]))),
};

/**
 * Every date phrase in `doc`, in text order, with its text claimed. `amountWritten` (an amount with a currency was
 * found) lets a lone "11.15" count as a date, since it is then not the amount.
 */
export function findDates(doc: Doc, opts: { amountWritten?: boolean } = {}): DateMention[] {
  const found: DateMention[] = [];
  for (const rule of opts.amountWritten ? [...RULES, LOOSE_MONTH_DOT] : RULES) {
    claimAll(doc, rule.re, (m) => {
      const r = rule.read(m);
      if (r === undefined) return false;
      if (r !== null) found.push({ start: m.index, end: m.index + m[0].length, ...r });
      return true;
    });
  }
  found.sort((x, y) => x.start - y.start);
  return mergeRanges(doc, mergeWeekdays(doc, found));
}
