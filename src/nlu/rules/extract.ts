// Runs every grammar over one utterance in a fixed order; each claims its text so the next cannot misread it.
import { findAmounts, findBareAmounts, type AmountMention } from './amounts.js';
import { findCounts, findDuration, type CountMention, type Duration } from './counts.js';
import { findDates, type DateMention } from './dates.js';
import { makeDoc, type Doc } from './normalize.js';
import { findPhones, type PhoneMention } from './phones.js';
import { findPlaces, type PlaceMention } from './places.js';
import { findTimes, type TimeMention } from './times.js';

export interface Extraction {
  readonly doc: Doc;
  readonly phones: readonly PhoneMention[];
  /** Amounts with a written currency, then (Chinese text) bare numbers read as CNY. */
  readonly amounts: readonly AmountMention[];
  readonly dates: readonly DateMention[];
  readonly times: readonly TimeMention[];
  readonly counts: readonly CountMention[];
  readonly duration: Duration | undefined;
  readonly places: readonly PlaceMention[];
}

/** Longer input is cut: no request needs more, and it bounds the work per message. */
export const MAX_TEXT_LENGTH = 500;

/**
 * Phones first (their digits would read as amounts), then amounts with a currency (so "27.5元" is not a date), dates,
 * times, head counts, trip lengths, and last the bare numbers nothing else wanted.
 */
export function extract(text: string): Extraction {
  const doc = makeDoc(text.length > MAX_TEXT_LENGTH ? text.slice(0, MAX_TEXT_LENGTH) : text);
  const phones = findPhones(doc);
  const written = findAmounts(doc);
  const dates = findDates(doc, { amountWritten: written.length > 0 });
  const times = findTimes(doc);
  const counts = findCounts(doc);
  const duration = findDuration(doc);
  const places = findPlaces(doc);
  const bare = findBareAmounts(doc);
  return { doc, phones, amounts: [...written, ...bare], dates, times, counts, duration, places };
}

const ESTIMATE_BEFORE =
  /(?:预算|预计|预估|估计|估算|大概|大约|约|差不多|左右|不超过|以内|budget(?:ed)?|estimated?|expected|approx(?:imately)?|around|about|up\s+to|under|max(?:imum)?)\s*(?:(?:的|总)?(?:[\u4e00-\u9fff]{0,4}?(?:花费|费用|开销|支出|成本|金额|花销|费)|总额|总共|共|需要|要|会花|花|cost|spend(?:ing)?|total|amount)\s*)?(?:大概|大约|约)?\s*(?:是|为|:|：|of|is|at)?\s*$/;

/** True for "预算3000元", "budget USD 2,000", "大概2000": a plan, not money spent. */
export function isEstimate(doc: Doc, a: AmountMention): boolean {
  return ESTIMATE_BEFORE.test(doc.norm.slice(Math.max(0, a.start - 16), a.start)) || /^\s*(?:左右|以内|上下)/.test(doc.norm.slice(a.end, a.end + 3));
}

/** Words that make an amount an advance (借款) asked for, written before it ("借款2000元", "advance of CNY 2,000")… */
const ADVANCE_BEFORE = /(?:借款|预借|借支|借|备用金|(?:cash\s+)?advance|float|imprest)\s*(?:金额)?\s*(?:是|为|:|：|of|is)?\s*$/;
/** …or after it ("2000元借款", "2000 CNY as an advance"). */
const ADVANCE_AFTER = /^\s*(?:的)?(?:借款|备用金|(?:as\s+(?:an?\s+)?)?(?:cash\s+)?advance\b|float\b|imprest\b)/;

/** True for "借款2000元", "预借备用金3000", "advance 2000 CNY", "CNY 500 cash advance": money asked for in advance. */
export function isAdvance(doc: Doc, a: AmountMention): boolean {
  return ADVANCE_BEFORE.test(doc.norm.slice(Math.max(0, a.start - 16), a.start)) || ADVANCE_AFTER.test(doc.norm.slice(a.end, a.end + 24));
}
