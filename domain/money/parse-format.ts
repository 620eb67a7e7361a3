// Exact text ↔ Money conversion: parses typed amounts with integer arithmetic only, and formats with symbols.
import { domainError, err, type DomainError, type Result } from '../shared/index.js';
import { currencyExponent } from './currency.js';
import { fromBigMinor, unsupportedCurrency, type Money } from './money.js';

/** Longer input is rejected before any work: no real amount needs it. */
const MAX_INPUT_LENGTH = 64;
/** Space-like grouping characters: space, no-break, thin, narrow no-break and ideographic spaces. */
const SPACES = /[ \u00A0\u2009\u202F\u3000]/g;
/** Apostrophe grouping (Swiss style 1'234.50). */
const APOSTROPHES = /[\u2019]/g;

function invalid(text: string, currency: string, reason: string): DomainError {
  return domainError('MONEY.INVALID_AMOUNT', `${JSON.stringify(text)} is not a valid ${currency} amount: ${reason}`, {
    text,
    currency,
  });
}

/** Maps full-width digits and punctuation (typed with a CJK input method) to ASCII. */
function toHalfWidth(s: string): string {
  return s.replace(/[\uFF10-\uFF19\uFF0C\uFF0E\uFF0B\uFF0D\u2212]/g, (c) => {
    if (c === '\u2212') return '-';
    return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
  });
}

/** True when `int` is digits grouped by `sep`: 1,234,567 (groups of three) or 12,34,567 (Indian lakh style). */
function isGrouped(int: string, sep: string): boolean {
  const groups = int.split(sep);
  const last = groups[groups.length - 1] ?? '';
  if (groups.length < 2 || !/^\d{3}$/.test(last)) return false;
  const head = groups.slice(0, -1);
  const western = /^\d{1,3}$/.test(head[0] ?? '') && head.slice(1).every((g) => /^\d{3}$/.test(g));
  const indian = /^\d{1,2}$/.test(head[0] ?? '') && head.slice(1).every((g) => /^\d{2}$/.test(g));
  return western || indian;
}

/** Chooses the decimal separator of `body` (digits and . , only), or undefined when it has none. */
function decimalSeparator(body: string): '.' | ',' | undefined | null {
  const dots = body.split('.').length - 1;
  const commas = body.split(',').length - 1;
  if (dots > 0 && commas > 0) {
    // Both present: the last one is the decimal separator and may occur only once.
    const sep = body.lastIndexOf('.') > body.lastIndexOf(',') ? '.' : ',';
    return (sep === '.' ? dots : commas) === 1 ? sep : null;
  }
  if (dots === 1) return '.'; // "12.345" is always a decimal point, never a thousands group
  if (dots > 1) return undefined; // "1.234.567"
  if (commas === 1 && /,\d{1,2}$/.test(body)) return ','; // European "1 280,50", "12,5"
  return undefined; // "1,280", "1,234,567"
}

/**
 * Parses a typed amount exactly (no floating point) into Money of `currency`.
 * Accepts an optional sign, grouping by ',', '.', spaces or apostrophes, and a decimal '.' or ',':
 * "1280", "1,280.50", "1 280,50", "1.234,50", "1.234.567", "-12.5", "0.1". A single '.' is always a
 * decimal point; a single ',' is a decimal comma only when followed by 1–2 final digits.
 * MONEY.INVALID_AMOUNT for anything else, including more fraction digits than the currency has
 * ("12.345" CNY, "18500.5" JPY), exponents ("1e5") and NaN; MONEY.OVERFLOW beyond the safe range;
 * MONEY.UNSUPPORTED_CURRENCY for an unknown code.
 */
export function parseAmount(text: string, currency: string): Result<Money> {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) return err(unsupportedCurrency(currency));
  if (typeof text !== 'string' || text.length > MAX_INPUT_LENGTH) return err(invalid(String(text), currency, 'too long'));

  let s = toHalfWidth(text.trim()).replace(SPACES, ' ').replace(APOSTROPHES, "'");
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (!/^\d[\d.,' ]*$/.test(s) || !/\d$/.test(s)) return err(invalid(text, currency, 'not a number'));

  const sep = decimalSeparator(s.replace(/[' ]/g, ''));
  if (sep === null) return err(invalid(text, currency, 'ambiguous separators'));
  const at = sep === undefined ? -1 : s.lastIndexOf(sep);
  const intPart = at < 0 ? s : s.slice(0, at);
  const fraction = at < 0 ? '' : s.slice(at + 1);
  if (at >= 0 && !/^\d+$/.test(fraction)) return err(invalid(text, currency, 'malformed fraction'));

  const groupChars = new Set(intPart.replace(/\d/g, ''));
  if (groupChars.size > 1) return err(invalid(text, currency, 'mixed grouping separators'));
  const [group] = [...groupChars];
  if (group !== undefined && !isGrouped(intPart, group)) return err(invalid(text, currency, 'misplaced grouping separator'));
  if (fraction.length > exponent) {
    return err(invalid(text, currency, `${currency} allows at most ${exponent} decimal place${exponent === 1 ? '' : 's'}`));
  }

  const digits = intPart.replace(/\D/g, '') + fraction.padEnd(exponent, '0');
  const minor = BigInt(digits);
  return fromBigMinor(negative ? -minor : minor, currency);
}

/** Splits |m| into its whole-unit digits and fraction digits. Throws for an unsupported currency (a bug). */
function parts(m: Money): { readonly whole: string; readonly fraction: string } {
  const exponent = currencyExponent(m.currency);
  if (exponent === undefined) throw new Error(`Money has unsupported currency ${m.currency}`);
  const digits = BigInt(m.minor < 0 ? -m.minor : m.minor).toString().padStart(exponent + 1, '0');
  return { whole: digits.slice(0, digits.length - exponent), fraction: digits.slice(digits.length - exponent) };
}

/** Plain decimal text with exactly the currency's decimals and no grouping: 1280.50, 18500 (JPY), 1.234 (KWD), -0.05. */
export function toDecimalString(m: Money): string {
  const { whole, fraction } = parts(m);
  return `${m.minor < 0 ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

/** Decimal text grouped by thousands with ',' and no symbol: 1,280.50, 18,500 (JPY), -1,234.567 (KWD). */
export function formatAmount(m: Money): string {
  const { whole, fraction } = parts(m);
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return `${m.minor < 0 ? '-' : ''}${grouped}${fraction === '' ? '' : `.${fraction}`}`;
}

/** Symbols written directly before the number. JPY is "JP¥" so it is never confused with CNY's "¥". */
const SYMBOLS: Readonly<Record<string, string>> = Object.freeze({
  CNY: '¥',
  USD: '$',
  EUR: '€',
  GBP: '£',
  JPY: 'JP¥',
  KRW: '₩',
  HKD: 'HK$',
  TWD: 'NT$',
  MOP: 'MOP$',
  AUD: 'A$',
  CAD: 'CA$',
  NZD: 'NZ$',
  INR: '₹',
});

/** The locales `formatMoney` accepts. */
export type MoneyLocale = 'zh-CN' | 'en';

/**
 * Display text with symbol and thousands separators: "¥1,280.50" (CNY), "$45.20", "€38.50", "HK$230.00",
 * "NT$1,490.00", "JP¥18,500", "-¥12.50"; a currency without a symbol is written "SGD 750.00".
 * Both locales currently render identically (',' grouping, '.' decimal point, the same symbols).
 */
export function formatMoney(m: Money, locale: MoneyLocale = 'en'): string {
  void locale;
  const sign = m.minor < 0 ? '-' : '';
  const amount = formatAmount(m.minor < 0 ? { minor: -m.minor, currency: m.currency } : m);
  const symbol = Object.hasOwn(SYMBOLS, m.currency) ? SYMBOLS[m.currency] : undefined;
  return symbol === undefined ? `${sign}${m.currency} ${amount}` : `${sign}${symbol}${amount}`;
}
