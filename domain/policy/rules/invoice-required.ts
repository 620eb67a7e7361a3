// invoice_required: expenses above a threshold (optionally only some categories) need an invoice.
import { z } from 'zod';
import { defineRule } from '../define-rule.js';
import { categoryLabel, formatMinor } from '../format.js';
import type { ExpenseContext } from '../policy.types.js';
import { appliesTo, categoryList, currencyCode, currencyUnchecked, minorUnits } from './common.js';

/** Params: the threshold (an amount strictly above it needs an invoice) and the categories it covers (all when absent). */
export const invoiceRequiredParams = z.strictObject({
  overMinor: minorUnits,
  currency: currencyCode,
  categories: categoryList,
});

/** POLICY.INVOICE_REQUIRED when there is no invoice and the amount is above `overMinor`; other currencies warn unchecked. */
export const invoiceRequired = defineRule(invoiceRequiredParams, (p, ctx: Pick<ExpenseContext, 'category' | 'amount' | 'hasInvoice'>) => {
  if (ctx.hasInvoice || !appliesTo(p.categories, ctx.category)) return [];
  if (ctx.amount.currency !== p.currency) return [currencyUnchecked(ctx.category, ctx.amount, p.overMinor, p.currency)];
  if (ctx.amount.minor <= p.overMinor) return [];
  const label = categoryLabel(ctx.category);
  const spent = formatMinor(ctx.amount.minor, p.currency);
  const threshold = formatMinor(p.overMinor, p.currency);
  return [
    {
      code: 'POLICY.INVOICE_REQUIRED',
      message: {
        en: `${label.en} expense ${spent} needs an invoice: one is required over ${threshold}`,
        zh: `${label.zh} ${spent} 需要发票：超过 ${threshold} 必须提供发票`,
      },
      details: { category: ctx.category, amountMinor: ctx.amount.minor, overMinor: p.overMinor, currency: p.currency },
    },
  ];
});
