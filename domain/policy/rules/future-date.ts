// future_date: an expense may not be dated after today.
import { z } from 'zod';
import { defineRule } from '../define-rule.js';
import { dayNumber } from '../format.js';
import type { ExpenseContext } from '../policy.types.js';
import { invalidDate } from './common.js';

/** No params: absent, null or `{}`. */
export const futureDateParams = z.strictObject({}).nullish();

/** POLICY.FUTURE_DATE when `date` is after `today`. */
export const futureDate = defineRule(futureDateParams, (_p, ctx: Pick<ExpenseContext, 'date' | 'today'>) => {
  const date = dayNumber(ctx.date);
  if (date === undefined) return [invalidDate('date', ctx.date)];
  const today = dayNumber(ctx.today);
  if (today === undefined) return [invalidDate('today', ctx.today)];
  if (date <= today) return [];
  const daysAhead = date - today;
  return [
    {
      code: 'POLICY.FUTURE_DATE',
      message: {
        en: `Expense date ${ctx.date} is ${daysAhead} day${daysAhead === 1 ? '' : 's'} after today (${ctx.today})`,
        zh: `费用日期 ${ctx.date} 晚于今天（${ctx.today}）${daysAhead} 天`,
      },
      details: { date: ctx.date, today: ctx.today, daysAhead },
    },
  ];
});
