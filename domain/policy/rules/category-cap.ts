// category_cap: an expense of one category may not exceed a cap per claim, or per attendee.
import { z } from 'zod';
import { defineRule } from '../define-rule.js';
import { categoryLabel, formatMinor } from '../format.js';
import type { ExpenseContext } from '../policy.types.js';
import { currencyCode, currencyUnchecked, minorUnits } from './common.js';

/** Params: the category, its cap in minor units of `currency`, and whether the cap is per attendee. */
export const categoryCapParams = z.strictObject({
  category: z.string().min(1),
  maxMinor: minorUnits,
  currency: currencyCode,
  perAttendee: z.boolean().optional(),
});

/**
 * POLICY.AMOUNT_OVER_CAP when the amount is above the cap (× attendees when `perAttendee`; a missing attendee count
 * counts as 1). An amount in another currency is not compared: POLICY.CURRENCY_UNCHECKED (warn).
 */
export const categoryCap = defineRule(categoryCapParams, (p, ctx: Pick<ExpenseContext, 'category' | 'amount' | 'attendees'>) => {
  if (ctx.category !== p.category) return [];
  if (ctx.amount.currency !== p.currency) return [currencyUnchecked(ctx.category, ctx.amount, p.maxMinor, p.currency)];
  const attendeesGiven = ctx.attendees !== undefined && Number.isSafeInteger(ctx.attendees) && ctx.attendees >= 1;
  const attendees = p.perAttendee && attendeesGiven ? (ctx.attendees as number) : 1;
  const capMinor = p.perAttendee ? p.maxMinor * attendees : p.maxMinor;
  if (ctx.amount.minor <= capMinor) return [];
  const label = categoryLabel(ctx.category);
  const spent = formatMinor(ctx.amount.minor, p.currency);
  const cap = formatMinor(p.maxMinor, p.currency);
  const details = {
    category: ctx.category,
    amountMinor: ctx.amount.minor,
    capMinor,
    maxMinor: p.maxMinor,
    currency: p.currency,
    overByMinor: ctx.amount.minor - capMinor,
    perAttendee: p.perAttendee ?? false,
    ...(p.perAttendee ? { attendees, attendeesAssumed: !attendeesGiven } : {}),
  };
  const message = p.perAttendee
    ? {
        en: `${label.en} expense ${spent} for ${attendees} attendee${attendees === 1 ? '' : 's'} exceeds the cap of ${cap} per attendee (${formatMinor(capMinor, p.currency)} in total)`,
        zh: `${label.zh} ${spent}（${attendees} 人）超过每人上限 ${cap}（合计 ${formatMinor(capMinor, p.currency)}）`,
      }
    : {
        en: `${label.en} expense ${spent} exceeds the cap of ${cap} per claim`,
        zh: `${label.zh} ${spent} 超过每笔上限 ${cap}`,
      };
  return [{ code: 'POLICY.AMOUNT_OVER_CAP', message, details }];
});
