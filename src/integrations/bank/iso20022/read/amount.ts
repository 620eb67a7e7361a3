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
  // xs:decimal as the schemas allow it (sign, digits, optional fraction; no grouping, no exponent), split by index
  // without a regular expression or substrings: a large statement has hundreds of thousands of amounts.
  const first = raw.charCodeAt(0);
  const start = first === PLUS || first === MINUS ? 1 : 0;
  const wholeEnd = digitsEnd(raw, start);
  const fractionStart = raw.charCodeAt(wholeEnd) === DOT ? wholeEnd + 1 : wholeEnd;
  const end = fractionStart === wholeEnd ? wholeEnd : digitsEnd(raw, fractionStart);
  if (wholeEnd === start || end !== raw.length) {
    throw new Iso20022ReadError('INVALID_VALUE', `${where()}: ${JSON.stringify(raw)} is not a decimal amount`);
  }
  let significant = end - fractionStart;
  while (significant > 0 && raw.charCodeAt(fractionStart + significant - 1) === 0x30) significant--;
  if (significant > exponent) {
    throw new Iso20022ReadError('INVALID_VALUE', `${where()}: ${raw} has more decimals than ${currency} allows (${exponent})`);
  }
  // Up to 15 digits (whole part and exponent) is always a safe integer: summed directly.
  if (wholeEnd - start + exponent <= 15) {
    let minor = 0;
    for (let i = start; i < wholeEnd; i++) minor = minor * 10 + (raw.charCodeAt(i) - 0x30);
    for (let k = 0; k < exponent; k++) minor = minor * 10 + (k < significant ? raw.charCodeAt(fractionStart + k) - 0x30 : 0);
    const direct = money(first === MINUS ? -minor : minor, currency);
    if (!direct.ok) throw new Iso20022ReadError('INVALID_VALUE', `${where()}: ${direct.error.message}`);
    return direct.value;
  }
  const fraction = raw.slice(fractionStart, fractionStart + significant);
  const normalised = `${raw.slice(0, wholeEnd)}${significant === 0 ? '' : `.${fraction}`}`;
  const parsed = parseAmount(normalised, currency);
  if (!parsed.ok) throw new Iso20022ReadError('INVALID_VALUE', `${where()}: ${parsed.error.message}`);
  return parsed.value;
}
