// ISO 20022 amounts (`<Amt Ccy="EUR">24045029.5</Amt>`) to Money, through domain/money (directly when the digits fit a safe integer, else its decimal parser).
import { currencyExponent, money, parseAmount, type Money } from '../../../../../domain/money/index.js';
import { Iso20022ReadError } from './read-error.js';
import type { XmlNode } from './xml-tree.js';

/** xs:decimal as the schemas allow it: sign, digits, optional fraction; no grouping, no exponent. */
const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?$/;

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
  const m = DECIMAL.exec(raw);
  if (!m) throw new Iso20022ReadError('INVALID_VALUE', `${where()}: ${JSON.stringify(raw)} is not a decimal amount`);
  const fraction = m[3] ?? '';
  let significant = fraction.length;
  while (significant > 0 && fraction.charCodeAt(significant - 1) === 0x30) significant--;
  if (significant > exponent) {
    throw new Iso20022ReadError('INVALID_VALUE', `${where()}: ${raw} has more decimals than ${currency} allows (${exponent})`);
  }
  const digits = `${m[2] ?? ''}${fraction.slice(0, significant).padEnd(exponent, '0')}`;
  // Up to 15 digits is always a safe integer: read directly (a large statement has hundreds of thousands of amounts).
  if (digits.length <= 15) {
    const minor = Number(digits);
    const direct = money(m[1] === '-' ? -minor : minor, currency);
    if (!direct.ok) throw new Iso20022ReadError('INVALID_VALUE', `${where()}: ${direct.error.message}`);
    return direct.value;
  }
  const normalised = `${m[1] ?? ''}${m[2] ?? ''}${significant === 0 ? '' : `.${fraction.slice(0, significant)}`}`;
  const parsed = parseAmount(normalised, currency);
  if (!parsed.ok) throw new Iso20022ReadError('INVALID_VALUE', `${where()}: ${parsed.error.message}`);
  return parsed.value;
}
