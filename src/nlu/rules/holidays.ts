// Named days: Chinese public holidays and festivals (the lunar ones through lunar-javascript, a maintained calendar
// library, rather than a hand-made table), Western holidays (fixed, nth-weekday and Easter-based) and lunar dates as
// written ("正月初八", "腊月二十三", "农历八月十五"). Each name gives the day it falls on in a Gregorian year.
import lunarCalendar from 'lunar-javascript';
import { dayOf, daysInMonth, isoWeekday, ymd } from './calendar.js';

type YearRule = (year: number) => number | undefined;

interface LunarApi {
  Lunar: {
    fromYmd(y: number, m: number, d: number): { getSolar(): { getYear(): number; getMonth(): number; getDay(): number }; getJieQiTable(): Record<string, { getYear(): number; getMonth(): number; getDay(): number }> };
  };
}
const { Lunar } = lunarCalendar as unknown as LunarApi;

/**
 * Lunar conversions are astronomy (the library computes new moons and solar terms), far slower than the rest of a
 * parse: each answer is kept. The keys are few (a handful of festivals over the years people talk about).
 */
const memo = new Map<string, number | undefined>();
function remembered(key: string, compute: () => number | undefined): number | undefined {
  if (memo.has(key)) return memo.get(key);
  const value = compute();
  if (memo.size > 10_000) memo.clear();
  memo.set(key, value);
  return value;
}

/** The Gregorian day of lunar `month`/`day` in the lunar year that starts in Gregorian `year`. */
function lunarDay(lunarYear: number, month: number, day: number): number | undefined {
  return remembered(`${lunarYear}-${month}-${day}`, () => {
    try {
      const s = Lunar.fromYmd(lunarYear, month, day).getSolar();
      return dayOf(s.getYear(), s.getMonth(), s.getDay());
    } catch {
      return undefined; // e.g. the 30th of a 29-day lunar month
    }
  });
}

/** A lunar month-day falling in Gregorian `year`: the lunar year that started in `year`, else the one before it. */
export function lunarInGregorianYear(year: number, month: number, day: number): number | undefined {
  for (const ly of [year, year - 1]) {
    const d = lunarDay(ly, month, day);
    if (d !== undefined && d >= dayOf(year, 1, 1)! && d <= dayOf(year, 12, 31)!) return d;
  }
  return undefined;
}

/** 除夕 in Gregorian `year`: the day before that year's Spring Festival. */
function lunarNewYearsEve(year: number): number | undefined {
  const next = lunarDay(year, 1, 1);
  return next === undefined ? undefined : next - 1;
}

function solarTerm(year: number, name: string): number | undefined {
  return remembered(`${year}:${name}`, () => {
    const s = Lunar.fromYmd(year, 3, 1).getJieQiTable()[name];
    return s ? dayOf(s.getYear(), s.getMonth(), s.getDay()) : undefined;
  });
}

/** The `n`th (1-based; -1 = last) ISO weekday `dow` of month `m` in year `y`. */
export function nthWeekdayOf(y: number, m: number, dow: number, n: number): number | undefined {
  const first = dayOf(y, m, 1);
  if (first === undefined || dow < 1 || dow > 7) return undefined;
  if (n === -1) {
    const last = first + daysInMonth(y, m) - 1;
    return last - ((isoWeekday(last) - dow + 7) % 7);
  }
  if (n < 1 || n > 5) return undefined;
  const day = first + ((dow - isoWeekday(first) + 7) % 7) + 7 * (n - 1);
  return ymd(day).m === m ? day : undefined;
}

/** Easter Sunday (Gregorian), by the anonymous Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(y: number): number {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOf(y, month, day)!;
}

const fixed = (m: number, d: number): YearRule => (y) => dayOf(y, m, d);
const lunar = (m: number, d: number): YearRule => (y) => lunarInGregorianYear(y, m, d);
const nth = (m: number, dow: number, n: number, shift = 0): YearRule => (y) => {
  const d = nthWeekdayOf(y, m, dow, n);
  return d === undefined ? undefined : d + shift;
};
const easter = (shift: number): YearRule => (y) => easterSunday(y) + shift;

/**
 * Names as they appear in the normalised text (simplified Chinese, lower-case English), longest alternatives first
 * when the regular expression is built. Each maps to the rule giving its day in a Gregorian year.
 */
const NAMED: readonly (readonly [readonly string[], YearRule])[] = [
  [['元旦节', '元旦', '阳历新年', '公历新年', "new year's day", 'new years day', 'new year day'], fixed(1, 1)],
  [['除夕', '大年三十', '年三十', '大年夜', "chinese new year's eve", 'lunar new year\'s eve'], (y) => lunarNewYearsEve(y)],
  [['春节', '农历新年', '大年初一', '新春', 'chinese new year', 'lunar new year', 'spring festival'], lunar(1, 1)],
  [['元宵节', '元宵', 'lantern festival'], lunar(1, 15)],
  [['情人节', '圣瓦伦丁节', "valentine's day", 'valentines day', 'valentine day', "valentine's"], fixed(2, 14)],
  [['妇女节', '三八节', "women's day", 'womens day'], fixed(3, 8)],
  [['植树节'], fixed(3, 12)],
  [["st. patrick's day", "st patrick's day", 'st patricks day', "saint patrick's day"], fixed(3, 17)],
  [['愚人节', "april fools' day", "april fool's day", 'april fools day'], fixed(4, 1)],
  [['清明节', '清明', 'qingming festival', 'tomb-sweeping day', 'tomb sweeping day'], (y) => solarTerm(y, '清明')],
  [['劳动节', '五一劳动节', '五一国际劳动节', '五一节', '五一', '国际劳动节', 'may day'], fixed(5, 1)],
  [['消费者权益日', '国际消费者权益日', '三一五', '315晚会'], fixed(3, 15)],
  [['澳门回归纪念日'], fixed(12, 20)],
  [['香港回归纪念日', '香港特别行政区成立纪念日'], fixed(7, 1)],
  [['青年节', '五四青年节'], fixed(5, 4)],
  [['母亲节', "mother's day", 'mothers day'], nth(5, 7, 2)],
  [['儿童节', '六一儿童节', '六一', "children's day"], fixed(6, 1)],
  [['父亲节', "father's day", 'fathers day'], nth(6, 7, 3)],
  [['端午节', '端午', '端阳节', '端阳', 'dragon boat festival', 'duanwu festival'], lunar(5, 5)],
  [['建党节', '七一建党节'], fixed(7, 1)],
  [['independence day', 'fourth of july', '4th of july'], fixed(7, 4)],
  [['建军节', '八一建军节'], fixed(8, 1)],
  [['七夕节', '七夕', '中国情人节', 'qixi festival'], lunar(7, 7)],
  [['中元节'], lunar(7, 15)],
  [['教师节', "teachers' day", "teacher's day", 'teachers day'], fixed(9, 10)],
  [['中秋节', '中秋', 'mid-autumn festival', 'mid autumn festival', 'moon festival'], lunar(8, 15)],
  [['国庆节', '国庆', '十一国庆', '十一长假', '十一黄金周', 'national day'], fixed(10, 1)],
  [['重阳节', '重阳', '九九重阳', 'double ninth festival', 'chongyang festival'], lunar(9, 9)],
  [['万圣节', '万圣夜', 'halloween'], fixed(10, 31)],
  [['光棍节', '双十一', '双11', "singles' day", 'singles day'], fixed(11, 11)],
  [['感恩节', 'thanksgiving day', 'thanksgiving'], nth(11, 4, 4)],
  [['黑色星期五', '黑五', 'black friday'], nth(11, 4, 4, 1)],
  [['网络星期一', 'cyber monday'], nth(11, 4, 4, 4)],
  [['腊八节', '腊八'], lunar(12, 8)],
  [['小年'], lunar(12, 23)],
  [['平安夜', 'christmas eve', 'xmas eve'], fixed(12, 24)],
  [['圣诞节', '圣诞', 'christmas day', 'christmas', 'xmas'], fixed(12, 25)],
  [['节礼日', 'boxing day'], fixed(12, 26)],
  [['跨年夜', "new year's eve", 'new years eve'], fixed(12, 31)],
  [['耶稣受难日', 'good friday'], easter(-2)],
  [['复活节星期一', 'easter monday'], easter(1)],
  [['复活节', 'easter sunday', 'easter day', 'easter'], easter(0)],
  [['mlk day', 'martin luther king day', 'martin luther king jr. day', 'martin luther king jr day'], nth(1, 1, 3)],
  [["presidents' day", 'presidents day', "president's day"], nth(2, 1, 3)],
  [['memorial day'], nth(5, 1, -1)],
  [['labor day'], nth(9, 1, 1)],
  [['columbus day'], nth(10, 1, 2)],
  [['veterans day', "veterans' day", 'remembrance day'], fixed(11, 11)],
];

const RULE_BY_NAME: ReadonlyMap<string, YearRule> = new Map(NAMED.flatMap(([names, rule]) => names.map((n) => [n, rule] as const)));

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Every name, longest first, as a regular-expression alternation (English names bounded by word edges). */
export const HOLIDAY_PATTERN = [...RULE_BY_NAME.keys()]
  .sort((a, b) => b.length - a.length)
  .map((n) => (/^[a-z]/.test(n) ? `\\b${escape(n)}\\b` : escape(n)))
  .join('|');

/** The day the named holiday falls on in Gregorian `year`; undefined for an unknown name. */
export function holidayIn(name: string, year: number): number | undefined {
  return RULE_BY_NAME.get(name)?.(year);
}

/** True when `name` is a holiday this module knows (as found in the normalised text). */
export function isHolidayName(name: string): boolean {
  return RULE_BY_NAME.has(name);
}
