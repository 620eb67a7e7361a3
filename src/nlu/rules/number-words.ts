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
