// ISO 20022 amounts (`<Amt Ccy="EUR">24045029.5</Amt>`) to Money, through domain/money (directly when the digits fit a safe integer, else its decimal parser).
import { currencyExponent, money, parseAmount, type Money } from '../../../../../domain/money/index.js';
import { Iso20022ReadError } from './read-error.js';
import type { XmlNode } from './xml-tree.js';

const DOT = 0x2e;
const PLUS = 0x2b;
const MINUS = 0x2d;

/** Digits 0-9 from `from`: where they stop. */
function digitsEnd(s: string, from: number): number {
  let i = from;
  for (let c = s.charCodeAt(i); c >= 0x30 && c <= 0x39; c = s.charCodeAt(++i));
  return i;
}

/**
 * xs:decimal as the schemas allow it (sign, digits, optional fraction; no grouping, no exponent), split without a
 * regular expression: a large statement has hundreds of thousands of amounts. Undefined when `raw` is not one.
 */
function decimal(raw: string): { sign: string; whole: string; fraction: string } | undefined {
  const first = raw.charCodeAt(0);
  const start = first === PLUS || first === MINUS ? 1 : 0;
  const wholeEnd = digitsEnd(raw, start);
  if (wholeEnd === start) return undefined;
  let end = wholeEnd;
  if (raw.charCodeAt(end) === DOT) end = digitsEnd(raw, end + 1);
  if (end !== raw.length) return undefined;
  return { sign: raw.slice(0, start), whole: raw.slice(start, wholeEnd), fraction: wholeEnd === end ? '' : raw.slice(wholeEnd + 1) };
}

/**
 * Reads an amount element with its `Ccy` attribute into Money in minor units. Trailing zeros beyond the currency's
 * exponent are dropped (`72.5400` USD is 7254); a non-zero digit beyond it is an error, as are missing or
 * unsupported currencies. `where` names the element in the message (built only on failure).
 */
export function readMoney(node: XmlNode, where: () => string, currencyFallback?: string): Money {
  const currency = (node.attrs['Ccy'] ?? currencyFallback ?? '').trim();
  const raw = node.text.trim();
  const exponent = currencyExponent(currency);
  if (exponent === undefined) {
    throw new Iso20022ReadError('INVALID_VALUE', `${where()}: currency ${JSON.stringify(currency)} is missing or not supported`);
  }
  const m = decimal(raw);
  if (!m) throw new Iso20022ReadError('INVALID_VALUE', `${where()}: ${JSON.stringify(raw)} is not a decimal amount`);
  const fraction = m.fraction;
  let significant = fraction.length;
  while (significant > 0 && fraction.charCodeAt(significant - 1) === 0x30) significant--;
  if (significant > exponent) {
    throw new Iso20022ReadError('INVALID_VALUE', `${where()}: ${raw} has more decimals than ${currency} allows (${exponent})`);
  }
  const digits = `${m.whole}${fraction.slice(0, significant).padEnd(exponent, '0')}`;
  // Up to 15 digits is always a safe integer: read directly (a large statement has hundreds of thousands of amounts).
  if (digits.length <= 15) {
    const minor = Number(digits);
    const direct = money(m.sign === '-' ? -minor : minor, currency);
    if (!direct.ok) throw new Iso20022ReadError('INVALID_VALUE', `${where()}: ${direct.error.message}`);
    return direct.value;
  }
  const normalised = `${m.sign}${m.whole}${significant === 0 ? '' : `.${fraction.slice(0, significant)}`}`;
  const parsed = parseAmount(normalised, currency);
  if (!parsed.ok) throw new Iso20022ReadError('INVALID_VALUE', `${where()}: ${parsed.error.message}`);
  return parsed.value;
}
