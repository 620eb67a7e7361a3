// Numbers written with Chinese numerals, Arabic digits or a mix: 三十二, 一百零五, 两千三百, 两万五, 1.2万, 3千5百.
// Values are exact decimals (a bigint and a scale), never floats, so 27.5 or 1.2万 become minor units without error.

/** value = n / 10^scale */
export interface Decimal {
  readonly n: bigint;
  readonly scale: number;
}

const DIGITS: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 幺: 1, 二: 2, 两: 2, 贰: 2, 三: 3, 叁: 3, 参: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const SMALL_UNITS: Readonly<Record<string, bigint>> = { 十: 10n, 拾: 10n, 百: 100n, 佰: 100n, 千: 1000n, 仟: 1000n };
const BIG_UNITS: Readonly<Record<string, bigint>> = { 万: 10_000n, 亿: 100_000_000n };

/** Every character that can be part of a Chinese numeral (for building regular expressions). */
export const CN_NUMERAL_CHARS = '零〇一壹幺二两贰三叁四肆五伍六陆七柒八捌九玖十拾廿卅卌百佰千仟万亿';
/** Chinese digit characters (no units). */
export const CN_DIGIT_CHARS = '零〇一壹幺二两贰三叁四肆五伍六陆七柒八捌九玖';
/** A small Chinese numeral (0–99), as used in dates, times and counts. */
export const CN_SMALL = '[零〇一二两三四五六七八九十廿卅]{1,3}';
/** An Arabic or small Chinese number, as a regular-expression fragment. */
export const SMALL_NUMBER = `(?:\\d{1,3}|${CN_SMALL})`;

const ZERO: Decimal = { n: 0n, scale: 0 };
const pow10 = (k: number): bigint => 10n ** BigInt(k);

function add(a: Decimal, b: Decimal): Decimal {
  if (a.scale === b.scale) return { n: a.n + b.n, scale: a.scale };
  return a.scale > b.scale ? { n: a.n + b.n * pow10(a.scale - b.scale), scale: a.scale } : { n: a.n * pow10(b.scale - a.scale) + b.n, scale: b.scale };
}
const times = (a: Decimal, k: bigint): Decimal => ({ n: a.n * k, scale: a.scale });
const isZero = (a: Decimal): boolean => a.n === 0n;

/** Parses "27.5" or "1280" (ASCII digits, one optional '.') exactly. */
export function decimalFromDigits(text: string): Decimal | undefined {
  if (!/^\d+(?:\.\d+)?$/.test(text)) return undefined;
  const dot = text.indexOf('.');
  if (dot < 0) return { n: BigInt(text), scale: 0 };
  return { n: BigInt(text.slice(0, dot) + text.slice(dot + 1)), scale: text.length - dot - 1 };
}

const TOKEN = /\d+(?:\.\d+)?|[^\d]/g;

/**
 * Parses a numeral made of Chinese digits and units and/or Arabic digit runs: 三十二 → 32, 一百零五 → 105,
 * 两千三百 → 2300, 两万五 → 25000 (a trailing digit counts in the next lower unit), 1.2万 → 12000, 3千5百 → 3500,
 * 二零二六 → 2026. Undefined when `text` is not a numeral.
 */
export function parseNumeral(written: string): Decimal | undefined {
  if (written.length === 0) return undefined;
  // 廿 卅 卌 are twenty, thirty, forty written as one character (廿三 = 23).
  const text = /[廿卅卌]/.test(written) ? written.replace(/廿/g, '二十').replace(/卅/g, '三十').replace(/卌/g, '四十') : written;
  let total = ZERO;
  let section = ZERO;
  let current: Decimal | undefined;
  let currentIsSingleDigit = false;
  let currentIsArabic = false;
  let lastUnit = 0n;
  let previous: 'digit' | 'unit' | 'none' = 'none';
  let zeroSeen = false;
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text)) !== null) {
    const tok = m[0];
    const digit = DIGITS[tok];
    const small = SMALL_UNITS[tok];
    const big = BIG_UNITS[tok];
    if (/^\d/.test(tok)) {
      if (previous === 'digit') return undefined; // "3三" is not a number
      current = decimalFromDigits(tok);
      currentIsSingleDigit = /^\d$/.test(tok);
      currentIsArabic = true;
      previous = 'digit';
    } else if (digit !== undefined) {
      if (previous === 'digit' && currentIsArabic) return undefined; // "3三" is not a number either
      if (digit === 0) zeroSeen = true;
      // Digits spelled one by one ("二零二六") concatenate.
      current = previous === 'digit' && current !== undefined && current.scale === 0 ? { n: current.n * 10n + BigInt(digit), scale: 0 } : { n: BigInt(digit), scale: 0 };
      currentIsSingleDigit = previous !== 'digit';
      currentIsArabic = false;
      previous = 'digit';
    } else if (small !== undefined) {
      section = add(section, times(current ?? { n: 1n, scale: 0 }, small));
      current = undefined;
      lastUnit = small;
      zeroSeen = false;
      previous = 'unit';
    } else if (big !== undefined) {
      // 百二万 is 120万 and 三千五万 3500万: a lone digit after a small unit counts in the next lower one, as at the end.
      const colloquial = current !== undefined && lastUnit >= 100n && lastUnit < 10_000n && !zeroSeen && currentIsSingleDigit && current.scale === 0 && current.n < 10n;
      let s = current === undefined ? section : add(section, colloquial ? times(current, lastUnit / 10n) : current);
      if (isZero(s) && isZero(total)) s = { n: 1n, scale: 0 };
      total = big > 10_000n ? times(add(total, s), big) : add(total, times(s, big));
      section = ZERO;
      current = undefined;
      lastUnit = big;
      zeroSeen = false;
      previous = 'unit';
    } else {
      return undefined;
    }
  }
  if (current !== undefined) {
    const colloquial = lastUnit >= 10n && !zeroSeen && currentIsSingleDigit && current.scale === 0 && current.n < 10n;
    section = add(section, colloquial ? times(current, lastUnit / 10n) : current);
  }
  return add(total, section);
}

/** A numeral as a safe non-negative integer, or undefined (fractions and huge values included). */
export function parseInteger(text: string): number | undefined {
  const d = parseNumeral(text);
  if (d === undefined || d.n % pow10(d.scale) !== 0n) return undefined;
  const v = d.n / pow10(d.scale);
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : undefined;
}

/** `d` in minor units of a currency with `exponent` decimals, or undefined when that would need a fraction of a minor unit. */
export function toMinorUnits(d: Decimal, exponent: number): number | undefined {
  let n: bigint;
  if (exponent >= d.scale) n = d.n * pow10(exponent - d.scale);
  else {
    const div = pow10(d.scale - exponent);
    if (d.n % div !== 0n) return undefined;
    n = d.n / div;
  }
  return n > 0n && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : undefined;
}

/** Adds two decimals exactly. */
export function addDecimals(a: Decimal, b: Decimal): Decimal {
  return add(a, b);
}
