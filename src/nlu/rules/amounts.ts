// Finds money amounts: ¥199, 1,280元, $45.20, USD 612, 1.234,50 EUR, 两千三百元, 1.2万, 3块5, and (Chinese text only) bare numbers.
import { currencyExponent, parseAmount } from '../../../domain/money/index.js';
import { addDecimals, CN_DIGIT_CHARS, CN_NUMERAL_CHARS, decimalFromDigits, parseNumeral, toMinorUnits, type Decimal } from './chinese-numerals.js';
import { currencyOf, PREFIX_PATTERN, SUFFIX_PATTERN } from './currencies.js';
import { claimAll, consume, type Doc } from './normalize.js';
import { EN_CARDINAL, parseEnglishNumber } from './number-words.js';

export interface AmountMention {
  readonly start: number;
  readonly end: number;
  readonly minor: number;
  readonly currency: string;
  /** False for a bare number in Chinese text, read as CNY only because nothing else was written. */
  readonly explicit: boolean;
}

/** Arabic digits: grouped 1,280.50 / European 1.234,50 / plain 27.5; then digits mixed with units 3千5百, 1.2万. */
const ARABIC = '\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d{1,3}(?:\\.\\d{3})+,\\d{1,2}|\\d+(?:[.,]\\d+)?';
const MIXED = '(?:\\d+(?:\\.\\d+)?\\s?[十百千万亿])+\\d*';
/** Chinese numerals, with 点 decimals (零点七七) and financial digits (壹佰, 叁拾, 參 as normalised: 参). */
const CHINESE = `[${CN_NUMERAL_CHARS}参]+(?:点[${CN_DIGIT_CHARS}参]+[万亿]?)?`;
/** 2 million, 1.5 thousand: digits with an English scale word. */
const SCALED = '\\d+(?:\\.\\d+)?\\s+(?:thousand|million|billion)\\b';
const NUMBER = `${SCALED}|(?:${MIXED}|${ARABIC})(?:\\s?k(?![a-z]))?|${CHINESE}|\\b${EN_CARDINAL}`;

/** Not when the number is Hong Kong's 个 ("港币三个一毫四") or cents ("3 GBP 1 pence": GBP belongs to the 3). */
const PREFIXED = new RegExp(`(?<![a-z\\d])(${PREFIX_PATTERN})\\s*(${NUMBER})(?![\\d个毫]|[.,]\\d|\\s*(?:cents?|pence|p\\b|c\\b|¢|sens?\\b))(?:\\s*(?:元|块钱|块))?`, 'g');
const D = `[\\d${CN_DIGIT_CHARS}]`;
/**
 * What may follow the yuan (or Hong Kong dollar): 5块5, 三块五毛, 五块七毛八, 三块零四, 三块四分, 五块半, 三蚊一毫四.
 * After 块/蚊 a lone digit counts tenths; after 元 only with 角/毛 (20元5角), since "58元3张" is a count.
 */
const MINOR_TAIL = `(?:(半)|零(${D})分?|(${D})\\s*[毛角毫](?:\\s*(${D})\\s*[分仙]?)?|(${D})\\s*[分仙]|(?<=[块蚊])(${D})(?![\\d${CN_NUMERAL_CHARS}人位个天晚点号日月年周张件份次箱盒瓶杯]))`;
const SUFFIXED = new RegExp(`(?<![\\d.,])(${NUMBER})\\s*(${SUFFIX_PATTERN})(?:${MINOR_TAIL})?`, 'g');
/** Markers that are also ordinary words: 一块去 ("together"), 一块儿, 欧洲. */
const NOT_A_MARKER_BEFORE: Readonly<Record<string, RegExp>> = {
  块: /^(?:儿|去|来|走|吃|做|玩|住|出|过|回|飞|坐|参加|开会|打|见|蛋糕|地|石|板)/,
  欧: /^洲/,
  刀: /^(?:具|片|子)/,
};
/** Units after which a bare number is a count, a time or a size, never money. */
const NOT_MONEY_AFTER =
  '天|晚|夜|人|个|位|名|点|时(?!间)|号|日(?!期)|月|年|周|星期|礼拜|小时|分|秒|%|公里|公斤|千米|km|kg|次|张|间|楼|层|折|倍|岁|斤|件|份|套|台|瓶|杯|箱|本|支|盒|包|辆|趟|遍|米|寸|座|站|条|项|期|届|家|所|部|页|克|升|度|元';
const BARE = new RegExp(`(?<![\\d.,a-z${CN_NUMERAL_CHARS}])(${MIXED}|${ARABIC}|[${CN_NUMERAL_CHARS}]+点[${CN_DIGIT_CHARS}]+[万亿]|[${CN_NUMERAL_CHARS}]*[十百千万][${CN_NUMERAL_CHARS}]*)(?:\\s?(k)(?![a-z]))?(?![\\d.,:/${CN_NUMERAL_CHARS}])(?!\\s*(?:${NOT_MONEY_AFTER}))`, 'g');

const CN_DIGIT = new RegExp(`[${CN_DIGIT_CHARS}]`);

/** Exact decimal value of a number as written (never a float). */
function valueOf(text: string, currency: string): Decimal | undefined {
  if (/^[a-z]/.test(text)) {
    const n = parseEnglishNumber(text);
    return n === undefined || n === 0 ? undefined : { n: BigInt(n), scale: 0 };
  }
  const scaled = /^(\d+(?:\.\d+)?)\s+(thousand|million|billion)$/.exec(text);
  if (scaled) {
    const d = decimalFromDigits(scaled[1] as string);
    const unit = scaled[2] === 'thousand' ? 1_000n : scaled[2] === 'million' ? 1_000_000n : 1_000_000_000n;
    return d === undefined ? undefined : { n: d.n * unit, scale: d.scale };
  }
  const t = text.replace(/\s/g, '');
  const point = /^([^点]+)点([^万亿]+)([万亿])?$/.exec(t);
  if (point) {
    const whole = parseNumeral(point[1] as string);
    const digits = [...(point[2] as string)].map((c) => parseNumeral(c));
    if (whole === undefined || whole.scale !== 0 || digits.some((d) => d === undefined || d.n > 9n)) return undefined;
    const v = addDecimals(whole, { n: BigInt(digits.map((d) => String(d!.n)).join('')), scale: digits.length });
    // 三点五万 = 35,000
    const unit = point[3] === '万' ? 10_000n : point[3] === '亿' ? 100_000_000n : 1n;
    return { n: v.n * unit, scale: v.scale };
  }
  if (/^[\d.,]+$/.test(t)) {
    const r = parseAmount(t, currency);
    const exp = currencyExponent(currency) ?? 0;
    return r.ok ? { n: BigInt(r.value.minor), scale: exp } : undefined;
  }
  const k = /k$/.test(t);
  const body = (k ? t.slice(0, -1) + '千' : t).replace(/,(?=\d{3})/g, '');
  return parseNumeral(body);
}

function toMention(start: number, end: number, value: Decimal | undefined, currency: string, explicit: boolean): AmountMention | undefined {
  const exp = currencyExponent(currency);
  if (value === undefined || exp === undefined) return undefined;
  const minor = toMinorUnits(value, exp);
  return minor === undefined ? undefined : { start, end, minor, currency, explicit };
}

/** One Chinese digit character or ASCII digit as a number 0–9, else undefined. */
function digit(s: string | undefined): bigint | undefined {
  if (s === undefined) return undefined;
  const d = parseNumeral(s);
  return d !== undefined && d.scale === 0 && d.n <= 9n ? d.n : undefined;
}

/**
 * The jiao and fen written after the yuan, from MINOR_TAIL's six groups starting at `at`: undefined when there is no
 * tail, null when it is not a valid one.
 */
function minorTail(m: RegExpExecArray, at: number): Decimal | null | undefined {
  const [half, zeroFen, jiao, jiaoFen, fen, lone] = m.slice(at, at + 6);
  if (half !== undefined) return { n: 5n, scale: 1 };
  if (zeroFen !== undefined) return digit(zeroFen) === undefined ? null : { n: digit(zeroFen)!, scale: 2 };
  if (jiao !== undefined) {
    const j = digit(jiao);
    const f = jiaoFen === undefined ? 0n : digit(jiaoFen);
    return j === undefined || f === undefined ? null : { n: j * 10n + f, scale: 2 };
  }
  if (fen !== undefined) return digit(fen) === undefined ? null : { n: digit(fen)!, scale: 2 };
  if (lone !== undefined) return digit(lone) === undefined ? null : { n: digit(lone)!, scale: 1 };
  return undefined;
}

/** Jiao and fen on their own: 两毛五 (¥0.25), 五毛钱, 两角五分, 三分钱; 毫/仙 are Hong Kong's (五毫, 五仙). */
const SMALL_CN = new RegExp(`(?<![\\d${CN_NUMERAL_CHARS}块元蚊个.])(${D}|十)\\s*([毛角毫])(?:\\s*(${D})\\s*[分仙]?)?(?:钱|子)?(?![\\d${CN_NUMERAL_CHARS}])|(?<![\\d${CN_NUMERAL_CHARS}块元蚊个.])(${D}{1,2}|十${D}?|${D}十${D}?)\\s*(?:分钱|(仙))`, 'g');
/** Hong Kong dollars counted with 个 (個): 五個半 (5.5), 個半 (1.5), 個九 (1.9), 三個一毫四 (3.14). */
const HK_GE = new RegExp(`(?<![\\d${CN_NUMERAL_CHARS}])(${D}{0,3}|十${D}?|${D}十${D}?)个(?:(半)|(${D})\\s*毫(?:\\s*(${D})\\s*仙?)?|(${D})(?![\\d${CN_NUMERAL_CHARS}]))(?![人位个天晚点号日月年周张件份次箱盒瓶杯小钟星礼多])`, 'g');
/** Cents on their own in English: 10 cents, ten cents, 10¢, 10 c, ten pennies; pence are British. */
const CENTS = new RegExp(`(?<![\\d.,$])(\\d{1,2}|\\b${EN_CARDINAL})\\s*(?:(cents?|¢|c\\b|pennies|penny)|(pence|p\\b))`, 'g');
/** After an amount with a currency: "$20 and 43c", "20 dollars 43 cents", "3 GBP 1 pence", "twenty dollar and 43", "20 ringgit and 43 sen". */
const CENTS_AFTER = new RegExp(`^\\s*(?:(and)\\s+)?(\\d{1,2}|${EN_CARDINAL})(?:\\s*(cents?|¢|c\\b|pence|p\\b|sens?\\b))?(?![\\d.,:/])`);

const HK_MARKER = /蚊|毫|仙|港币|港元|港纸|hk\$|hkd/;

/** Amounts with a written currency, in text order, their text claimed. */
export function findAmounts(doc: Doc): AmountMention[] {
  const found: AmountMention[] = [];
  claimAll(doc, PREFIXED, (m) => {
    const cur = currencyOf(m[1] as string, doc.raw.slice(m.index, m.index + (m[1] as string).length));
    const mention = cur === undefined ? undefined : toMention(m.index, m.index + m[0].length, valueOf(m[2] as string, cur), cur, true);
    if (mention) found.push(mention);
    return mention !== undefined;
  });
  claimAll(doc, SUFFIXED, (m) => {
    const markerAt = m.index + m[0].indexOf(m[2] as string, (m[1] as string).length);
    const cur = currencyOf(m[2] as string, doc.raw.slice(markerAt, markerAt + (m[2] as string).length));
    if (cur === undefined) return false;
    const guard = NOT_A_MARKER_BEFORE[m[2] as string];
    if (guard !== undefined && m.slice(3).every((g) => g === undefined) && guard.test(doc.norm.slice(m.index + m[0].length))) return false;
    let value = valueOf(m[1] as string, cur);
    const tail = minorTail(m, 3);
    if (tail !== undefined) {
      if (!/块|元|圆|蚊/.test(m[2] as string) || tail === null) return false;
      if (value !== undefined) value = addDecimals(value, tail);
    }
    const mention = toMention(m.index, m.index + m[0].length, value, cur, true);
    if (mention) found.push(mention);
    return mention !== undefined;
  });
  // "$20 and 43c", "20 dollars 43 cents": the cents written after an amount in a two-decimal currency.
  for (let i = 0; i < found.length; i++) {
    const a = found[i] as AmountMention;
    if (currencyExponent(a.currency) !== 2 || a.minor % 100 !== 0) continue;
    const rest = doc.work.slice(a.end);
    const c = CENTS_AFTER.exec(rest);
    // Bare "20 dollars 43" only where the number ends the phrase ("$20 43 people" is not money).
    const bareEnd = c !== null && c[1] === undefined && c[3] === undefined && /^\s*(?:$|[,.;!?，。；])/.test(rest.slice(c[0].length)) && !/^\s*[a-z]/.test(rest.slice(c[0].length));
    if (!c || (c[1] === undefined && c[3] === undefined && !bareEnd)) continue;
    const cents = /^\d/.test(c[2] as string) ? Number(c[2]) : parseEnglishNumber(c[2] as string);
    if (cents === undefined || cents < 1 || cents > 99) continue;
    consume(doc, a.end, a.end + c[0].length);
    found[i] = { ...a, end: a.end + c[0].length, minor: a.minor + cents };
  }
  claimAll(doc, SMALL_CN, (m) => {
    const hk = m[2] === '毫' || m[5] !== undefined;
    let value: Decimal | undefined;
    if (m[1] !== undefined) {
      const j = parseNumeral(m[1]);
      const f = m[3] === undefined ? 0n : digit(m[3]);
      if (j === undefined || j.scale !== 0 || f === undefined) return false;
      value = { n: j.n * 10n + f, scale: 2 };
    } else {
      const f = parseNumeral(m[4] as string);
      if (f === undefined || f.scale !== 0 || f.n > 99n) return false;
      value = { n: f.n, scale: 2 };
    }
    const mention = toMention(m.index, m.index + m[0].length, value, hk ? 'HKD' : 'CNY', true);
    if (mention) found.push(mention);
    return mention !== undefined;
  });
  // 個 for dollars is Hong Kong usage: with a Hong Kong money word in the text, or 個 written in traditional form
  // and ending the phrase ("巴士 七個二"; "三個人" never matches).
  const hk = HK_MARKER.test(doc.norm);
  if (hk || doc.raw.includes('個')) {
    claimAll(doc, HK_GE, (m) => {
      if (!hk && (doc.raw[m.index + m[0].indexOf('个')] !== '個' || !/^\s*(?:$|[，,。;；!！\s]|钱|蚊)/.test(doc.norm.slice(m.index + m[0].length)))) return false;
      const whole = m[1] === '' ? { n: 1n, scale: 0 } : parseNumeral(m[1] as string);
      if (whole === undefined || whole.scale !== 0) return false;
      let minor: Decimal | null | undefined;
      if (m[2] !== undefined) minor = { n: 5n, scale: 1 };
      else if (m[3] !== undefined) {
        const j = digit(m[3]);
        const f = m[4] === undefined ? 0n : digit(m[4]);
        minor = j === undefined || f === undefined ? null : { n: j * 10n + f, scale: 2 };
      } else minor = digit(m[5]) === undefined ? null : { n: digit(m[5])!, scale: 1 };
      if (!minor) return false;
      const mention = toMention(m.index, m.index + m[0].length, addDecimals(whole, minor), 'HKD', true);
      if (mention) found.push(mention);
      return mention !== undefined;
    });
  }
  if (!doc.cjk) {
    claimAll(doc, CENTS, (m) => {
      const n = /^\d/.test(m[1] as string) ? Number(m[1]) : parseEnglishNumber(m[1] as string);
      if (n === undefined || n < 1 || n > 99) return false;
      const mention = toMention(m.index, m.index + m[0].length, { n: BigInt(n), scale: 2 }, m[3] !== undefined ? 'GBP' : 'USD', true);
      if (mention) found.push(mention);
      return mention !== undefined;
    });
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * Bare numbers left after dates, times, counts and phones are claimed, read as CNY in Chinese text ("打车35", "预算3000").
 * English text gets none: "taxi 35" does not say which currency.
 */
export function findBareAmounts(doc: Doc): AmountMention[] {
  if (!doc.cjk) return [];
  const found: AmountMention[] = [];
  claimAll(doc, BARE, (m) => {
    const text = (m[1] as string) + (m[2] ?? '');
    // A Chinese numeral is money only with a unit and a digit (三十, 两千三百), never 一 alone or 千万 ("by all means").
    if (!/\d/.test(text) && !(/[十百千万拾佰仟]/.test(text) && CN_DIGIT.test(text))) return false;
    if (text.includes('点') && !/[万亿]$/.test(text)) return false;
    const mention = toMention(m.index, m.index + m[0].length, valueOf(text, 'CNY'), 'CNY', false);
    if (mention) found.push(mention);
    return mention !== undefined;
  });
  return found;
}
