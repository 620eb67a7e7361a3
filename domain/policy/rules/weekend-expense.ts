// weekend_expense: flags expenses dated on a Saturday or Sunday.
import { z } from 'zod';
import { defineRule } from '../define-rule.js';
import { categoryLabel, dayNumber, weekdayLabel, weekdayOf } from '../format.js';
import type { ExpenseContext } from '../policy.types.js';
import { appliesTo, categoryList, invalidDate } from './common.js';

/** Params: the categories it covers (all when absent). */
export const weekendExpenseParams = z.strictObject({ categories: categoryList });

/** POLICY.WEEKEND_EXPENSE when the expense date is a Saturday or Sunday (weekday computed from the date string). */
export const weekendExpense = defineRule(weekendExpenseParams, (p, ctx: Pick<ExpenseContext, 'category' | 'date'>) => {
  if (!appliesTo(p.categories, ctx.category)) return [];
  const day = dayNumber(ctx.date);
  if (day === undefined) return [invalidDate('date', ctx.date)];
  const weekday = weekdayOf(day);
  if (weekday !== 0 && weekday !== 6) return [];
  const label = categoryLabel(ctx.category);
  const name = weekdayLabel(weekday);
  return [
    {
      code: 'POLICY.WEEKEND_EXPENSE',
      message: {
        en: `${label.en} expense dated ${ctx.date} falls on a ${name.en}`,
        zh: `${label.zh}日期 ${ctx.date} 是${name.zh}`,
      },
      details: { category: ctx.category, date: ctx.date, weekday: name.en },
    },
  ];
});
