// Small counts written as words: English (one, two, a couple) and, through chinese-numerals, Chinese (三, 两).
import { parseInteger } from './chinese-numerals.js';

const EN: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, single: 1, two: 2, couple: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50,
};

/** Regular-expression fragment for an English number word (longest first). */
export const EN_NUMBER_WORD = Object.keys(EN)
  .sort((a, b) => b.length - a.length)
  .join('|');

/** A count written as digits, a Chinese numeral or an English word; undefined otherwise. */
export function parseCount(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  const word = EN[t.replace(/^a\s+/, '')];
  if (word !== undefined) return word;
  return parseInteger(t);
}

const EN_ONES: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const EN_TENS: Readonly<Record<string, number>> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const EN_SCALES: Readonly<Record<string, number>> = { hundred: 100, thousand: 1_000, million: 1_000_000, billion: 1_000_000_000 };
const WORD = `(?:${[...Object.keys(EN_ONES), ...Object.keys(EN_TENS), ...Object.keys(EN_SCALES)].sort((a, b) => b.length - a.length).join('|')})`;
const FIRST_WORD = `(?:${[...Object.keys(EN_ONES), ...Object.keys(EN_TENS)].sort((a, b) => b.length - a.length).join('|')})`;
/**
 * Regular-expression fragment for a cardinal written in English words: "forty-two", "a hundred and five", "two
 * thousand". It starts with a number, not a scale ("million won" alone is not a million).
 */
export const EN_CARDINAL = `(?:${FIRST_WORD}(?:(?:[\\s-]+(?:and\\s+)?)${WORD})*)\\b`;

/** The value of an English cardinal in words ("a hundred and five" → 105); undefined when it is not one. */
export function parseEnglishNumber(text: string): number | undefined {
  const words = text.toLowerCase().split(/[\s-]+/).filter((w) => w !== '' && w !== 'and');
  if (words.length === 0) return undefined;
  let total = 0;
  let group = 0;
  let seen = false;
  for (const w of words) {
    const one = EN_ONES[w];
    const ten = EN_TENS[w];
    const scale = EN_SCALES[w];
    if (one !== undefined) {
      if (group % 10 !== 0 || (group > 0 && group < 20 && one < 10 && !seen)) return undefined; // "five six"
      group += one;
    } else if (ten !== undefined) {
      if (group % 100 !== 0) return undefined;
      group += ten;
    } else if (scale !== undefined) {
      const g = group === 0 ? 1 : group;
      if (scale === 100) group = g * 100;
      else {
        total += g * scale;
        group = 0;
      }
    } else return undefined;
    seen = true;
  }
  return total + group;
}
