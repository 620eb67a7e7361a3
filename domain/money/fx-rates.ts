// Reference exchange rates a deployment configures (FX_RATES), used where an amount in one currency has to be set
// against a limit or a budget kept in another. A rate is only used in the direction it was given: "USD/CNY=7.1"
// converts USD to CNY; CNY to USD needs its own entry, so no inverse is ever rounded into being.
import { domainError, err, ok, type Result } from '../shared/index.js';
import { isSupportedCurrency } from './currency.js';

/** `FROM/TO` → a plain positive decimal string: 1 unit of FROM costs that many units of TO. */
export type FxRates = Readonly<Record<string, string>>;

const ENTRY = /^([A-Z]{3})\/([A-Z]{3})=(\d{1,12}(?:\.\d{1,12})?)$/;

/** Reads "USD/CNY=7.1234,EUR/CNY=7.85" (commas or whitespace between entries). */
export function parseFxRates(text: string): Result<FxRates> {
  const out: Record<string, string> = {};
  for (const part of text.split(/[,\s]+/).filter(Boolean)) {
    const m = ENTRY.exec(part);
    if (!m || !/[1-9]/.test(m[3]!)) return err(domainError('VALIDATION.INVALID', `"${part}": use FROM/TO=rate with ISO 4217 codes and a positive decimal rate, e.g. USD/CNY=7.1234`));
    const [, from, to, rate] = m;
    for (const code of [from!, to!]) if (!isSupportedCurrency(code)) return err(domainError('MONEY.UNSUPPORTED_CURRENCY', `"${part}": ${code} is not a supported ISO 4217 currency`));
    if (from === to) return err(domainError('VALIDATION.INVALID', `"${part}": a rate converts between two different currencies`));
    out[`${from}/${to}`] = rate!;
  }
  return ok(out);
}

/** The rate from `from` to `to`: "1" for the same currency, undefined when none is configured. */
export function rateFor(rates: FxRates | undefined, from: string, to: string): string | undefined {
  if (from === to) return '1';
  const key = `${from}/${to}`;
  return rates && Object.hasOwn(rates, key) ? rates[key] : undefined;
}
