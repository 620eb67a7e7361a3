// Public surface of the money module.
export { SUPPORTED_CURRENCIES, currencyExponent, isSupportedCurrency, type CurrencyCode } from './currency.js';
export {
  add,
  compare,
  isNegative,
  isPositive,
  isZero,
  money,
  negate,
  subtract,
  sum,
  zero,
  type Money,
} from './money.js';
export { formatAmount, formatMoney, parseAmount, toDecimalString, type MoneyLocale } from './parse-format.js';
export { allocate, allocateEvenly } from './allocate.js';
export { convert, type Rounding } from './convert.js';
export { DEFAULT_MAX_MAJOR, aboveCeiling, ceilingMinor, type AmountCeilings } from './ceiling.js';
export { parseFxRates, rateFor, type FxRates } from './fx-rates.js';
