// Decimal text for pain.001 amounts and control sums, from integer minor units with bigint arithmetic: no float
// ever touches an amount, so a control sum over 10,000 payments is exact.
import { currencyExponent } from '../../../../domain/money/index.js';

/** Integer minor units written with `exponent` decimals: (12345, 2) → "123.45", (500, 0) → "500", (5, 3) → "0.005". */
export function minorToDecimal(minor: bigint, exponent: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** The exponent of `currency`; throws for an unknown code, which the input check refuses before any amount is written. */
function exponentOf(currency: string): number {
  const e = currencyExponent(currency);
  if (e === undefined) throw new Error(`unsupported currency ${currency} reached the amount writer`);
  return e;
}

/** `InstdAmt` text: the currency's own number of decimals (JPY 0, CNY 2, BHD 3). */
export function instructedAmount(amount: { readonly minor: number; readonly currency: string }): string {
  return minorToDecimal(BigInt(amount.minor), exponentOf(amount.currency));
}

/**
 * `CtrlSum`: the plain sum of the amounts, whatever their currencies (ISO 20022: "total of all individual amounts
 * included in the message, irrespective of currencies"). Every amount is scaled to the largest exponent present and
 * the sum written with that many decimals: CNY 1.50 + JPY 500 → "501.50".
 */
export function controlSum(amounts: readonly { readonly minor: number; readonly currency: string }[]): string {
  let scale = 0;
  for (const a of amounts) scale = Math.max(scale, exponentOf(a.currency));
  let total = 0n;
  for (const a of amounts) total += BigInt(a.minor) * 10n ** BigInt(scale - exponentOf(a.currency));
  return minorToDecimal(total, scale);
}
