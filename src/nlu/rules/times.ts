// Finds clock times: 下午两点 → 14:00, 上午10点半, 9:30, 3pm, 9 a.m., noon.
import { CN_SMALL, parseInteger } from './chinese-numerals.js';
import { claimAll, type Doc } from './normalize.js';

export interface TimeMention {
  readonly start: number;
  readonly end: number;
  /** `HH:MM`, 24-hour. */
  readonly time: string;
}

type Period = 'am' | 'pm' | 'noon' | 'night';
const CN_PERIOD: Readonly<Record<string, Period>> = {
  凌晨: 'night', 清晨: 'am', 早上: 'am', 早晨: 'am', 上午: 'am', 早: 'am', 晨: 'am', 中午: 'noon', 午后: 'pm', 下午: 'pm',
  傍晚: 'pm', 晚上: 'pm', 夜里: 'pm', 夜间: 'pm', 晚: 'pm',
  // Cantonese: 朝早 (morning), 下昼/晏昼 (afternoon), 夜晚.
  朝早: 'am', 朝头早: 'am', 下昼: 'pm', 晏昼: 'pm', 夜晚: 'pm',
};
const PERIODS = Object.keys(CN_PERIOD)
  .sort((a, b) => b.length - a.length)
  .join('|');
const H = `(\\d{1,2}|${CN_SMALL})`;

const CN_TIME = new RegExp(`(?:(${PERIODS})\\s*)?${H}\\s*[点时](?:\\s*(?:(半)|(一刻)|(三刻)|${H}\\s*分?)|(钟))?`, 'g');
const COLON_TIME = new RegExp(`(?:(${PERIODS})\\s*)?(?<![\\d:.])([01]?\\d|2[0-3])[:：]([0-5]\\d)(?![\\d:])(?:\\s*(am|pm|a\\.m\\.?|p\\.m\\.?)(?![a-z]))?`, 'g');
const EN_TIME = /\b(\d{1,2})(?:[:.]([0-5]\d))?\s*(am|pm|a\.m\.?|p\.m\.?)(?![a-z])|\b(\d{1,2})\s*o'?clock\b|\b(noon|midday|midnight)\b/g;

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * 24-hour time from an hour, minutes and a period. Without a period, 1–6 o'clock is read as afternoon: nobody books
 * a visitor or a flight at 3 a.m. by writing "3点".
 */
function clock(hour: number, minute: number, period: Period | undefined): string | undefined {
  if (!Number.isInteger(hour) || !Number.isInteger(minute) || hour < 0 || hour > 24 || minute < 0 || minute > 59) return undefined;
  let h = hour;
  if (period === 'pm' && h < 12) h += 12;
  else if (period === 'noon' && h < 6) h += 12;
  else if ((period === 'am' || period === 'night') && h === 12) h = 0;
  else if (period === undefined && h >= 1 && h <= 6) h += 12;
  if (h === 24) h = 0;
  return h > 23 ? undefined : `${pad(h)}:${pad(minute)}`;
}

function enPeriod(s: string | undefined): Period | undefined {
  if (s === undefined) return undefined;
  return s.startsWith('p') ? 'pm' : 'am';
}

/** Every clock time, in text order, its text claimed. */
export function findTimes(doc: Doc): TimeMention[] {
  const found: TimeMention[] = [];
  const push = (m: RegExpExecArray, time: string | undefined): boolean => {
    if (time !== undefined) found.push({ start: m.index, end: m.index + m[0].length, time });
    return time !== undefined;
  };
  claimAll(doc, COLON_TIME, (m) => push(m, clock(Number(m[2]), Number(m[3]), m[4] ? enPeriod(m[4]) : m[1] ? CN_PERIOD[m[1]] : undefined)));
  claimAll(doc, CN_TIME, (m) => {
    const hour = parseInteger(m[2] as string) ?? NaN;
    // 三点五万 and 零点七七元 are amounts with a decimal point, not times.
    if (m[1] === undefined && /^[\d零〇一二两三四五六七八九]*\s*(?:万|亿|元|块|港币|美元)/.test(doc.norm.slice(m.index + m[0].length))) return false;
    // 一点 alone is usually "a little" (便宜一点), so it needs a period or minutes to be a time.
    if (m[1] === undefined && m[2] === '一' && m[3] === undefined && m[6] === undefined && m[7] === undefined) return false;
    const minute = m[3] ? 30 : m[4] ? 15 : m[5] ? 45 : m[6] ? (parseInteger(m[6]) ?? NaN) : 0;
    return push(m, clock(hour, minute, m[1] ? CN_PERIOD[m[1]] : undefined));
  });
  claimAll(doc, EN_TIME, (m) => {
    if (m[5] !== undefined) return push(m, m[5] === 'midnight' ? '00:00' : '12:00');
    if (m[4] !== undefined) return push(m, clock(Number(m[4]), 0, undefined));
    return push(m, clock(Number(m[1]), m[2] ? Number(m[2]) : 0, enPeriod(m[3])));
  });
  return found.sort((a, b) => a.start - b.start);
}
