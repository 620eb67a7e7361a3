// Finds head counts (3个人, 一行5人, 2 people, party of 4) and trip lengths (待三天, 住两晚, 一周, for 4 days, 当天往返).
import { CN_SMALL } from './chinese-numerals.js';
import { claimAll, type Doc } from './normalize.js';
import { EN_NUMBER_WORD, parseCount } from './number-words.js';

export interface CountMention {
  readonly start: number;
  readonly end: number;
  readonly count: number;
  /** "带两个同事", "with 2 colleagues": people besides the speaker, who travels too. */
  readonly companions: boolean;
}

export interface Duration {
  /** Days from departure to return: 三天 → 2 (the departure day counts), 两晚 → 2, 当天往返 → 0. */
  readonly returnOffset: number;
  readonly start: number;
  readonly end: number;
}

const N = `(\\d{1,3}|${CN_SMALL})`;
const EN_N = `(\\d{1,3}|${EN_NUMBER_WORD})`;
const PEOPLE_CN = '(?:个)?\\s*(?:人|客人|访客|来宾|同事|员工|同学|老师|领导|客户)|位(?:客人|访客|来宾|同事|员工|老师|领导|客户)?|名(?:客人|访客|同事|员工)?';
const PEOPLE_EN = 'people|persons?|pax|guests?|visitors?|travell?ers|colleagues?|coworkers?|co-workers?|adults|ppl|of us|attendees|delegates';

const COUNT_RULES: readonly { re: RegExp; companions?: (m: RegExpExecArray) => boolean }[] = [
  { re: new RegExp(`(?:人数|人员数|来访人数|出行人数|\\bheadcount|\\bnumber\\s+of\\s+(?:people|guests|visitors|travell?ers)|\\bpax)\\s*[:：是为]?\\s*${N}`, 'g') },
  { re: new RegExp(`(?:一行|共|一共|总共|合计)\\s*${N}\\s*(?:个)?\\s*(?:人|位)`, 'g') },
  { re: new RegExp(`(和|带|带上|跟|与|加上)?\\s*${N}\\s*(?:${PEOPLE_CN})`, 'g'), companions: (m) => m[1] !== undefined && /同事|员工|同学|老师|领导/.test(m[0]) },
  { re: new RegExp(`\\bparty\\s+of\\s+${EN_N}\\b|\\b(with|plus|and)?\\s*${EN_N}\\s+(?:other\\s+)?(?:${PEOPLE_EN})\\b`, 'g'), companions: (m) => m[2] !== undefined && /colleague|cowork|co-work/.test(m[0]) },
];

/** Head counts in text order, their text claimed. */
export function findCounts(doc: Doc): CountMention[] {
  const found: CountMention[] = [];
  for (const rule of COUNT_RULES) {
    claimAll(doc, rule.re, (m) => {
      const text = m.slice(1).find((g) => g !== undefined && parseCount(g) !== undefined);
      const count = text === undefined ? undefined : parseCount(text);
      if (count === undefined || count < 1 || count > 500) return false;
      found.push({ start: m.index, end: m.index + m[0].length, count, companions: rule.companions?.(m) ?? false });
      return true;
    });
  }
  return found.sort((a, b) => a.start - b.start);
}

const SAME_DAY = /当天(?:往返|来回|回来|回|返回|返)|当日(?:往返|来回|回|返)|一日往返|即日(?:往返|来回|回来|回|返)|当晚(?:就)?(?:回来|回|返回)|(?<=^|[，,。;；\s])(?:下午|傍晚|晚上)(?:就)?(?:回来|返回)(?=$|[，,。;；\s])|\bday\s+trip\b|\bsame[\s-]day\b|\bback\s+(?:the\s+)?same\s+day\b/g;
const NIGHTS = new RegExp(`${N}\\s*(?:个)?\\s*(?:晚|夜)(?!上|饭|餐|间)|\\b${EN_N}\\s*[-\\s]?nights?\\b|\\b(overnight)\\b`, 'g');
const DAYS = new RegExp(`${N}\\s*(?:个)?\\s*(?:天|日)(?!后|之后|以后|前|之前|以前|期)|\\b${EN_N}\\s*[-\\s]?days?\\b`, 'g');
const WEEKS = new RegExp(`${N}\\s*(?:个)?\\s*(?:周|星期|礼拜)(?![一二三四五六日天七末1-7])|\\b${EN_N}\\s*[-\\s]?weeks?\\b`, 'g');

/**
 * The trip length, if one is written. Nights win over days ("三天两晚"), days over weeks. A week counts as 7 days
 * including the departure day, the same way "待三天" does.
 */
export function findDuration(doc: Doc): Duration | undefined {
  let result: Duration | undefined;
  const take = (re: RegExp, offset: (n: number) => number, fixed?: (m: RegExpExecArray) => number | undefined): void => {
    claimAll(doc, re, (m) => {
      const forced = fixed?.(m);
      const text = m.slice(1).find((g) => g !== undefined);
      const n = forced ?? (text === undefined ? undefined : parseCount(text));
      if (n === undefined || n < 0 || n > 366) return false;
      result ??= { returnOffset: offset(n), start: m.index, end: m.index + m[0].length };
      return true;
    });
  };
  take(SAME_DAY, () => 0, () => 0);
  take(NIGHTS, (n) => n, (m) => (m[3] ? 1 : undefined));
  take(DAYS, (n) => Math.max(0, n - 1));
  take(WEEKS, (n) => n * 7 - 1);
  return result;
}
