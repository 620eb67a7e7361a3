// Locale-aware formatting shared by every card renderer: money from integer minor units, instants in the
// organisation's time zone, calendar dates, and length limits that never split a character.
import { currencyExponent, formatMoney } from '../domain/money/index.js';
import type { Locale, MoneyView } from './view-model.js';

/** Used when a currency is not in the ISO 4217 table: most currencies have two decimals. */
const FALLBACK_EXPONENT = 2;

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Groups the digits of a non-negative integer string by thousands and inserts the decimal point. */
function groupDigits(digits: string, exponent: number): string {
  const padded = digits.padStart(exponent + 1, '0');
  const whole = padded.slice(0, padded.length - exponent).replace(/\B(?=(\d{3})+$)/g, ',');
  const fraction = padded.slice(padded.length - exponent);
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

/**
 * Money for display, computed from the integer's digits (never by dividing a float).
 * zh: currency symbol ("¥1,280.00", "JP¥18,500"; codes without a symbol as "KWD 1.234");
 * en: ISO code first ("CNY 1,280.00", "JPY 18,500", "KWD 1.234"), unambiguous for international readers.
 * Throws for a non-integer `minor`: the view model promises integers, so that is a bug upstream.
 */
export function formatMoneyView(m: MoneyView, locale: Locale): string {
  if (!Number.isSafeInteger(m.minor)) throw new RangeError(`MoneyView.minor must be a safe integer, got ${String(m.minor)}`);
  const exponent = currencyExponent(m.currency);
  if (locale === 'zh' && exponent !== undefined) return formatMoney({ minor: m.minor, currency: m.currency }, 'zh-CN');
  const sign = m.minor < 0 ? '-' : '';
  const digits = String(Math.abs(m.minor));
  return `${sign}${m.currency} ${groupDigits(digits, exponent ?? FALLBACK_EXPONENT)}`;
}

interface ZonedParts {
  readonly year: string;
  readonly month: number;
  readonly day: number;
  readonly hour: string;
  readonly minute: string;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();

/** One cached formatter per zone; an unknown zone throws RangeError (the organisation's zone is validated on input). */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = partFormatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    partFormatters.set(timeZone, f);
  }
  return f;
}

/**
 * Parts already worked out, by zone and UTC second (historic zone offsets have seconds). Every copy of a card, and
 * every card about one approval, shows the same few instants: formatToParts was the renderers' top cost in the outbox's
 * profile. Emptied when it grows past the bound, so memory stays small whatever the traffic.
 */
const partsCache = new Map<string, ZonedParts>();
const PARTS_CACHE_MAX = 10_000;

/** Wall-clock parts of `iso` in `timeZone`, or undefined when `iso` is not a timestamp. */
function zonedParts(iso: string, timeZone: string): ZonedParts | undefined {
  const date = new Date(iso);
  const ms = date.getTime();
  if (Number.isNaN(ms)) return undefined;
  const key = `${timeZone}\u0000${Math.floor(ms / 1000)}`;
  const hit = partsCache.get(key);
  if (hit !== undefined) return hit;
  const computed = computeParts(date, timeZone);
  if (partsCache.size >= PARTS_CACHE_MAX) partsCache.clear();
  partsCache.set(key, computed);
  return computed;
}

function computeParts(date: Date, timeZone: string): ZonedParts {
  const parts = formatterFor(timeZone).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  // Some ICU versions print midnight as "24" even with h23; normalise it.
  const hour = get('hour') === '24' ? '00' : get('hour').padStart(2, '0');
  return { year: get('year'), month: Number(get('month')), day: Number(get('day')), hour, minute: get('minute').padStart(2, '0') };
}

/**
 * An instant as wall-clock time in `timeZone`: "11月18日 10:05" / "Nov 18, 10:05".
 * The parts are assembled here rather than by Intl's locale patterns, which differ between ICU versions.
 * Text that is not a timestamp is returned unchanged.
 */
export function formatDateTime(iso: string, locale: Locale, timeZone: string): string {
  const p = zonedParts(iso, timeZone);
  if (p === undefined) return iso;
  return locale === 'zh' ? `${p.month}月${p.day}日 ${p.hour}:${p.minute}` : `${EN_MONTHS[p.month - 1]} ${p.day}, ${p.hour}:${p.minute}`;
}

/** The calendar day of an instant in `timeZone`, with the year: "2024年11月18日" / "Nov 18, 2024". */
export function formatDay(iso: string, locale: Locale, timeZone: string): string {
  const p = zonedParts(iso, timeZone);
  if (p === undefined) return iso;
  return locale === 'zh' ? `${p.year}年${p.month}月${p.day}日` : `${EN_MONTHS[p.month - 1]} ${p.day}, ${p.year}`;
}

/**
 * A calendar date `YYYY-MM-DD` (no time zone: a trip's departure day is the same day everywhere):
 * "2024年11月20日" / "Nov 20, 2024". Anything else is returned unchanged.
 */
export function formatCalendarDate(date: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m === null) return date;
  const [, year, month, day] = m;
  const mi = Number(month);
  if (mi < 1 || mi > 12) return date;
  return locale === 'zh' ? `${year}年${mi}月${Number(day)}日` : `${EN_MONTHS[mi - 1]} ${Number(day)}, ${year}`;
}

/** The ellipsis appended to shortened text. */
export const ELLIPSIS = '…';

/**
 * Shortens `text` so that its UTF-16 length (what Slack and JSON limits count) is at most `max`, cutting only
 * between code points and ending with "…" when anything was removed.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max - ELLIPSIS.length) break;
    out += ch;
  }
  return out + ELLIPSIS;
}

/** Collapses line breaks and runs of whitespace: user text shown on one line must not start new lines. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Byte length of `text` in UTF-8, counted from its UTF-16 code units (cards also run on Workers, without Node's
 * Buffer; and encoding a copy only to measure it costs an allocation per card). A lone surrogate counts 3 bytes, as
 * the encoder writes it (U+FFFD).
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
