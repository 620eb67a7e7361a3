// Finds money amounts: ¥199, 1,280元, $45.20, USD 612, 1.234,50 EUR, 两千三百元, 1.2万, 3块5, and (Chinese text only) bare numbers.
import { currencyExponent, parseAmount } from '../../../domain/money/index.js';
import { addDecimals, CN_DIGIT_CHARS, CN_NUMERAL_CHARS, parseNumeral, toMinorUnits, type Decimal } from './chinese-numerals.js';
import { currencyOf, PREFIX_PATTERN, SUFFIX_PATTERN } from './currencies.js';
import { claimAll, type Doc } from './normalize.js';

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
const CHINESE = `[${CN_NUMERAL_CHARS}]+`;
const NUMBER = `(?:${MIXED}|${ARABIC})(?:\\s?k(?![a-z]))?|${CHINESE}`;

const PREFIXED = new RegExp(`(?<![a-z\\d])(${PREFIX_PATTERN})\\s*(${NUMBER})(?:\\s*(?:元|块钱|块))?`, 'g');
/** After 块 a lone digit counts tenths (3块5); after 元 only with 角/毛 (20元5角), since "58元3张" is a count. */
const SUFFIXED = new RegExp(
  `(?<![\\d.,])(${NUMBER})\\s*(${SUFFIX_PATTERN})(?:([\\d${CN_DIGIT_CHARS}])[毛角]|(?<=块)([\\d${CN_DIGIT_CHARS}])(?![\\d${CN_NUMERAL_CHARS}人位个天晚点号日月年周张件份次箱盒瓶杯]))?`,
  'g',
);
/** Markers that are also ordinary words: 一块去 ("together"), 一块儿, 欧洲. */
const NOT_A_MARKER_BEFORE: Readonly<Record<string, RegExp>> = {
  块: /^(?:儿|去|来|走|吃|做|玩|住|出|过|回|飞|坐|参加|开会|打|见|蛋糕|地|石|板)/,
  欧: /^洲/,
  刀: /^(?:具|片|子)/,
};
/** Units after which a bare number is a count, a time or a size, never money. */
const NOT_MONEY_AFTER =
  '天|晚|夜|人|个|位|名|点|时|号|日|月|年|周|星期|礼拜|小时|分|秒|%|公里|公斤|千米|km|kg|次|张|间|楼|层|折|倍|岁|斤|件|份|套|台|瓶|杯|箱|本|支|盒|包|辆|趟|遍|米|寸|座|站|条|项|期|届|家|所|部|页|克|升|度|元';
const BARE = new RegExp(`(?<![\\d.,a-z${CN_NUMERAL_CHARS}])(${MIXED}|${ARABIC}|[${CN_NUMERAL_CHARS}]*[十百千万][${CN_NUMERAL_CHARS}]*)(?:\\s?(k)(?![a-z]))?(?![\\d.,:/${CN_NUMERAL_CHARS}])(?!\\s*(?:${NOT_MONEY_AFTER}))`, 'g');

const CN_DIGIT = new RegExp(`[${CN_DIGIT_CHARS}]`);

/** Exact decimal value of a number as written (never a float). */
function valueOf(text: string, currency: string): Decimal | undefined {
  const t = text.replace(/\s/g, '');
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
    if (guard !== undefined && m[3] === undefined && m[4] === undefined && guard.test(doc.norm.slice(m.index + m[0].length))) return false;
    let value = valueOf(m[1] as string, cur);
    // 3块5 / 三块五毛: the digit after 块 counts tenths (jiao)
    const tenths = m[3] ?? m[4];
    if (value !== undefined && tenths !== undefined && /块|元/.test(m[2] as string)) {
      const jiao = parseNumeral(tenths);
      if (jiao === undefined || jiao.n > 9n) return false;
      value = addDecimals(value, { n: jiao.n, scale: 1 });
    }
    const mention = toMention(m.index, m.index + m[0].length, value, cur, true);
    if (mention) found.push(mention);
    return mention !== undefined;
  });
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
    const mention = toMention(m.index, m.index + m[0].length, valueOf(text, 'CNY'), 'CNY', false);
    if (mention) found.push(mention);
    return mention !== undefined;
  });
  return found;
}
