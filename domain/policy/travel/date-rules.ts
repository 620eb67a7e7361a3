// advance_booking and trip_dates: how early a trip must be asked for, and dates that make no sense.
import { z } from 'zod';
import { defineRule } from '../define-rule.js';
import type { Finding } from '../policy.types.js';
import type { TravelContext } from './travel.types.js';

const days = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export const advanceBookingParams = z.strictObject({ minDaysBefore: z.int().min(0).max(365) });
export const tripDatesParams = z.strictObject({ maxDays: z.int().min(1).max(366).default(30) });

/** POLICY.LATE_BOOKING when the trip starts fewer than `minDaysBefore` days after today. */
export const advanceBooking = defineRule(advanceBookingParams, (p, ctx: TravelContext): Finding[] => {
  const lead = days(ctx.today, ctx.departDate);
  if (Number.isNaN(lead) || lead >= p.minDaysBefore || lead < 0) return [];
  return [
    {
      code: 'POLICY.LATE_BOOKING',
      message: { zh: `出发日 ${ctx.departDate} 距今仅 ${lead} 天，政策要求提前 ${p.minDaysBefore} 天申请`, en: `The trip starts on ${ctx.departDate}, ${lead} day(s) from today; the policy asks for ${p.minDaysBefore} days' notice` },
      details: { departDate: ctx.departDate, today: ctx.today, leadDays: lead, minDaysBefore: p.minDaysBefore },
    },
  ];
});

/** POLICY.RETURN_BEFORE_DEPARTURE, POLICY.DEPARTURE_IN_PAST and POLICY.TRIP_TOO_LONG. */
export const tripDates = defineRule(tripDatesParams, (p, ctx: TravelContext): Finding[] => {
  const out: Finding[] = [];
  const length = days(ctx.departDate, ctx.returnDate);
  if (length < 0)
    out.push({ code: 'POLICY.RETURN_BEFORE_DEPARTURE', message: { zh: `返回日 ${ctx.returnDate} 早于出发日 ${ctx.departDate}`, en: `The return (${ctx.returnDate}) is before the departure (${ctx.departDate})` }, details: { departDate: ctx.departDate, returnDate: ctx.returnDate } });
  if (days(ctx.today, ctx.departDate) < 0)
    out.push({ code: 'POLICY.DEPARTURE_IN_PAST', message: { zh: `出发日 ${ctx.departDate} 已过`, en: `The departure date ${ctx.departDate} has passed` }, details: { departDate: ctx.departDate, today: ctx.today } });
  if (length + 1 > p.maxDays)
    out.push({ code: 'POLICY.TRIP_TOO_LONG', message: { zh: `行程 ${length + 1} 天，超过单次上限 ${p.maxDays} 天`, en: `The trip lasts ${length + 1} days, more than the ${p.maxDays}-day limit` }, details: { days: length + 1, maxDays: p.maxDays } });
  return out;
});
