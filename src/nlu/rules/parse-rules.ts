// The rule-based request parser: one utterance in Chinese (simplified or traditional) or English → a ParsedRequest.
import type { ParseContext, ParsedRequest } from '../../../domain/nlu/index.js';
import { parseIsoDate } from './calendar.js';
import { resolveDate } from './date-expr.js';
import { expenseFields } from './expense.js';
import { extract, isAdvance, isEstimate, type Extraction } from './extract.js';
import { detectIntent, type Evidence, type IntentHint } from './intent.js';
import { categoryIn, earliest, TRANSPORT_WORDS } from './keywords.js';
import { tripFields } from './trip.js';
import { visitFields } from './visit.js';

function evidence(x: Extraction, today: number): Evidence {
  const { doc } = x;
  const days = x.dates.map((d) => resolveDate(d.from, today, 'future')).filter((d): d is number => d !== undefined);
  const pastDays = x.dates.map((d) => resolveDate(d.from, today, 'past')).filter((d): d is number => d !== undefined);
  return {
    // An advance asked for ("借款2000元") is money not spent yet, like an estimate.
    spentAmount: x.amounts.some((a) => !isEstimate(doc, a) && !isAdvance(doc, a)),
    estimateAmount: x.amounts.some((a) => isEstimate(doc, a)),
    cuedPlace: x.places.some((p) => p.cued),
    category: categoryIn(doc.norm) !== undefined,
    transport: earliest(doc.norm, TRANSPORT_WORDS) !== undefined,
    tripShape: x.duration !== undefined || x.dates.some((d) => d.to !== undefined),
    phone: x.phones.length > 0,
    time: x.times.length > 0,
    headcount: x.counts.length > 0,
    past: pastDays.some((d) => d < today) && !days.some((d) => d > today),
    future: days.some((d) => d > today),
  };
}

/**
 * Parses `text` with deterministic rules. Pure and synchronous. Dates are counted from `ctx.today` (the local date in
 * `ctx.timeZone`); a field the text does not give stays absent. `hint` names the request an open conversation is about,
 * so that a bare answer ("周四", "36元") is read as part of it. Throws RangeError only when `ctx.today` is not a date.
 */
export function parseRules(text: string, ctx: ParseContext, hint?: IntentHint): ParsedRequest {
  const today = parseIsoDate(ctx.today);
  if (today === undefined) throw new RangeError(`ParseContext.today must be a YYYY-MM-DD date, got ${JSON.stringify(ctx.today)}`);
  const x = extract(text);
  const intent = detectIntent(x.doc.norm, evidence(x, today), hint);
  switch (intent) {
    case 'trip':
      return { intent, trip: tripFields(x, today, ctx.departDate === undefined ? undefined : parseIsoDate(ctx.departDate)) };
    case 'expense':
      return { intent, expense: expenseFields(x, today) };
    case 'visit':
      return { intent, visit: visitFields(x, today) };
    default:
      return { intent };
  }
}
