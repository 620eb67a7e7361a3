// stale_expense: an expense must be claimed within a number of days of its date.
import { z } from 'zod';
import { defineRule } from '../define-rule.js';
import { dayNumber } from '../format.js';
import type { ExpenseContext } from '../policy.types.js';
import { invalidDate } from './common.js';

/** Params: the largest allowed age in days (today − date). */
export const staleExpenseParams = z.strictObject({ maxAgeDays: z.int().min(0) });

/** POLICY.STALE_EXPENSE when the expense is more than `maxAgeDays` days old. */
export const staleExpense = defineRule(staleExpenseParams, (p, ctx: Pick<ExpenseContext, 'date' | 'today'>) => {
  const date = dayNumber(ctx.date);
  if (date === undefined) return [invalidDate('date', ctx.date)];
  const today = dayNumber(ctx.today);
  if (today === undefined) return [invalidDate('today', ctx.today)];
  const ageDays = today - date;
  if (ageDays <= p.maxAgeDays) return [];
  return [
    {
      code: 'POLICY.STALE_EXPENSE',
      message: {
        en: `Expense dated ${ctx.date} is ${ageDays} days old, beyond the limit of ${p.maxAgeDays} days`,
        zh: `费用日期 ${ctx.date} 已过去 ${ageDays} 天，超过 ${p.maxAgeDays} 天的期限`,
      },
      details: { date: ctx.date, today: ctx.today, ageDays, maxAgeDays: p.maxAgeDays },
    },
  ];
});
