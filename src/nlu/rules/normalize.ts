// The working copy of one utterance: normalised for matching, 1:1 with the original so spans cut from it are "as written".
import { TRADITIONAL_TO_SIMPLIFIED } from './traditional.js';

/** Replaces characters that an extractor has already claimed, so later extractors do not read them again. */
export const MASK = '\u0000';

export interface Doc {
  /** What the user typed. */
  readonly raw: string;
  /** `raw` with full-width forms made ASCII, ASCII letters lower-cased and traditional characters simplified. Same length as `raw`. */
  readonly norm: string;
  /** `norm` with claimed spans replaced by MASK. */
  work: string;
  /** True when the text contains CJK characters (bare numbers then default to CNY). */
  readonly cjk: boolean;
}

/** Single characters mapped to another single character; everything else passes through. */
const SPECIAL: Readonly<Record<string, string>> = {
  '\u3000': ' ', // ideographic space
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\t': ' ',
  '\u2013': '-', // en dash
  '\u2014': '-', // em dash
  '\u2212': '-',
  '\u301c': '~', // wave dash
  '\uffe5': '¥', // full-width yen/yuan sign
  '\uff0c': '，', // keep the full-width comma distinct from a digit-group comma
  '\u3002': '。',
  '\u2192': '→',
  '|': ' ', // never confuse user text with internal markers
  '\u0000': ' ',
};

function mapChar(c: string, code: number): string {
  if (code >= 0x41 && code <= 0x5a) return String.fromCharCode(code + 32);
  if (code < 0x80) return c;
  const special = SPECIAL[c];
  if (special !== undefined) return special;
  if (code >= 0xff01 && code <= 0xff5e) {
    const ascii = code - 0xfee0;
    return String.fromCharCode(ascii >= 0x41 && ascii <= 0x5a ? ascii + 32 : ascii);
  }
  return TRADITIONAL_TO_SIMPLIFIED.get(c) ?? c;
}

const CJK = /[\u3400-\u9fff]/;

/** Builds the working copy of `text`. */
export function makeDoc(text: string): Doc {
  let norm = '';
  for (let i = 0; i < text.length; i++) norm += mapChar(text[i] as string, text.charCodeAt(i));
  return { raw: text, norm, work: norm, cjk: CJK.test(text) };
}

/** Marks [start, end) as claimed. */
export function consume(doc: Doc, start: number, end: number): void {
  if (end <= start) return;
  doc.work = doc.work.slice(0, start) + MASK.repeat(end - start) + doc.work.slice(end);
}

/** True when no character of [start, end) has been claimed. */
export function isFree(doc: Doc, start: number, end: number): boolean {
  return doc.work.slice(start, end).indexOf(MASK) < 0;
}

/** The original text of [start, end), trimmed. */
export function rawSpan(doc: Doc, start: number, end: number): string {
  return doc.raw.slice(start, end).trim();
}

/**
 * Runs `re` (which must have the g flag) over the unclaimed text, calls `onMatch` for each match and claims the
 * match when `onMatch` returns true.
 */
export function claimAll(doc: Doc, re: RegExp, onMatch: (m: RegExpExecArray) => boolean): void {
  re.lastIndex = 0;
  const work = doc.work;
  let m: RegExpExecArray | null;
  while ((m = re.exec(work)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    if (onMatch(m)) consume(doc, m.index, m.index + m[0].length);
  }
}
