// Param schemas and findings shared by several expense rule kinds.
import { z } from 'zod';
import { categoryLabel, formatMinor } from '../format.js';
import type { Finding } from '../policy.types.js';

/** An ISO 4217 code, e.g. 'CNY'. */
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'expected a 3-letter ISO 4217 code');

/** Non-negative integer minor units. */
export const minorUnits = z.int().min(0);

/** An optional, non-empty list of categories a rule is limited to. */
export const categoryList = z.array(z.string().min(1)).min(1).optional();

/** True when a rule limited to `categories` (all when absent) covers `category`. */
export function appliesTo(categories: readonly string[] | undefined, category: string): boolean {
  return categories === undefined || categories.includes(category);
}

/** An amount could not be compared with a limit in another currency: always a warning, never a block. */
export function currencyUnchecked(category: string, amount: { minor: number; currency: string }, limitMinor: number, limitCurrency: string): Finding {
  const label = categoryLabel(category);
  const limit = formatMinor(limitMinor, limitCurrency);
  const spent = formatMinor(amount.minor, amount.currency);
  return {
    code: 'POLICY.CURRENCY_UNCHECKED',
    severity: 'warn',
    message: {
      en: `${label.en} expense ${spent} was not checked against the limit of ${limit} because the currencies differ`,
      zh: `${label.zh} ${spent} 与限额 ${limit} 币种不同，未做比较`,
    },
    details: { category, amountMinor: amount.minor, currency: amount.currency, limitMinor, limitCurrency },
  };
}

/** A context date is not a real 'YYYY-MM-DD' date, so a date rule could not run. */
export function invalidDate(field: string, value: string): Finding {
  return {
    code: 'POLICY.INVALID_DATE',
    severity: 'warn',
    message: { en: `The ${field} ${JSON.stringify(value)} is not a valid date`, zh: `${field} ${JSON.stringify(value)} 不是有效日期` },
    details: { field, value },
  };
}
