// ISO 4217 currencies this system accepts, with the number of minor-unit digits (the exponent) of each.

/** A three-letter ISO 4217 code such as 'CNY'; only codes in the table below are supported. */
export type CurrencyCode = string;

/**
 * Minor-unit exponents from ISO 4217 (not from common usage: TWD and IDR are 2 even though
 * prices are usually written without decimals; HUF is 2).
 */
const EXPONENTS: Readonly<Record<string, number>> = Object.freeze({
  // East and South-East Asia
  CNY: 2, HKD: 2, MOP: 2, TWD: 2, JPY: 0, KRW: 0, MNT: 2, SGD: 2, MYR: 2, THB: 2, IDR: 2, PHP: 2, VND: 0,
  KHR: 2, LAK: 2, MMK: 2,
  // South Asia
  INR: 2, PKR: 2, BDT: 2, LKR: 2, NPR: 2,
  // Oceania
  AUD: 2, NZD: 2,
  // Middle East and North Africa
  AED: 2, SAR: 2, QAR: 2, ILS: 2, EGP: 2, KWD: 3, BHD: 3, OMR: 3, JOD: 3, TND: 3, IQD: 3, LYD: 3,
  // Europe
  EUR: 2, GBP: 2, CHF: 2, SEK: 2, NOK: 2, DKK: 2, ISK: 0, HUF: 2, CZK: 2, PLN: 2, RUB: 2, UAH: 2, TRY: 2, KZT: 2,
  // Americas
  USD: 2, CAD: 2, MXN: 2, BRL: 2, ARS: 2, CLP: 0, COP: 2, PEN: 2, PYG: 0,
  // Africa
  ZAR: 2, UGX: 0, XAF: 0, XOF: 0,
});

/** Every supported code, sorted alphabetically. */
export const SUPPORTED_CURRENCIES: readonly CurrencyCode[] = Object.freeze(Object.keys(EXPONENTS).sort());

/** True when `code` is a supported ISO 4217 code (exact, upper-case). */
export function isSupportedCurrency(code: string): code is CurrencyCode {
  return Object.hasOwn(EXPONENTS, code);
}

/** The number of minor-unit digits of `code` (CNY → 2, JPY → 0, KWD → 3), or undefined when unsupported. */
export function currencyExponent(code: string): number | undefined {
  return isSupportedCurrency(code) ? EXPONENTS[code] : undefined;
}
