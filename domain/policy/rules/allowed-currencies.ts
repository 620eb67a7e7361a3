// allowed_currencies: an expense must be in one of the listed currencies.
import { z } from 'zod';
import { defineRule } from '../define-rule.js';
import { formatMinor, listOf } from '../format.js';
import type { ExpenseContext } from '../policy.types.js';
import { currencyCode } from './common.js';

/** Params: the accepted ISO 4217 codes (at least one). */
export const allowedCurrenciesParams = z.strictObject({ currencies: z.array(currencyCode).min(1) });

/** POLICY.CURRENCY_NOT_ALLOWED when the amount's currency is not listed. */
export const allowedCurrencies = defineRule(allowedCurrenciesParams, (p, ctx: Pick<ExpenseContext, 'amount'>) => {
  if (p.currencies.includes(ctx.amount.currency)) return [];
  const allowed = listOf(p.currencies);
  const spent = formatMinor(ctx.amount.minor, ctx.amount.currency);
  return [
    {
      code: 'POLICY.CURRENCY_NOT_ALLOWED',
      message: {
        en: `Expense ${spent} is in ${ctx.amount.currency}, which is not allowed (allowed: ${allowed.en})`,
        zh: `费用 ${spent} 的币种 ${ctx.amount.currency} 不被允许（允许：${allowed.zh}）`,
      },
      details: { currency: ctx.amount.currency, allowed: p.currencies },
    },
  ];
});
