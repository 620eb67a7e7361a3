// Finds phone numbers: Chinese mobiles (13912345678, 139-1234-5678, +86 139 1234 5678), Taiwan mobiles (0912-345-678),
// landlines (010-12345678) and +<country> numbers.
import { claimAll, type Doc } from './normalize.js';

export interface PhoneMention {
  readonly start: number;
  readonly end: number;
  /** Digits only, with a leading + kept: "+8613912345678", "01012345678". */
  readonly phone: string;
}

const RULES: readonly RegExp[] = [
  /(?<![\d+])(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)/g,
  // Taiwan mobiles: 0912-345-678
  /(?<![\d+])09\d{2}[\s-]?\d{3}[\s-]?\d{3}(?!\d)/g,
  /(?<![\d+])\+\d{1,3}[\s-]?\(?\d{1,4}\)?(?:[\s-]?\d{2,4}){2,4}(?!\d)/g,
  /(?<!\d)\(?0\d{2,3}\)?[\s-]\d{3,4}[\s-]?\d{4}(?!\d)/g,
  /(?<=(?:电话|手机|tel|phone|mobile|联系方式|号码)[:：\s]*)\d{7,12}(?!\d)/g,
];

/** Every phone number, in text order, its text claimed. */
export function findPhones(doc: Doc): PhoneMention[] {
  const found: PhoneMention[] = [];
  for (const re of RULES) {
    claimAll(doc, re, (m) => {
      const phone = m[0].replace(/[\s()-]/g, '');
      if (phone.replace('+', '').length < 7 || phone.length > 20) return false;
      found.push({ start: m.index, end: m.index + m[0].length, phone });
      return true;
    });
  }
  return found.sort((a, b) => a.start - b.start);
}
