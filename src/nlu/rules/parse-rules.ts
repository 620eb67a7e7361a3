// The rule-based request parser: one utterance in Chinese (simplified or traditional) or English → a ParsedRequest.
import type { ParseContext, ParsedRequest } from '../../../domain/nlu/index.js';
import { isoWeekday, parseIsoDate } from './calendar.js';
import { isAmbiguous, resolveDate, type DateExpr, type Direction } from './date-expr.js';
import type { DateMention } from './dates.js';
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

/** A value the rules could read but are not sure of: left out of the parse, for the conversation to confirm. */
export interface FieldGuess {
  /** Dotted path in the ParsedRequest, e.g. `trip.returnDate`. */
  readonly path: string;
  readonly value: string;
}

/** The parse, and what it left out because it was unsure. */
export interface DetailedParse {
  readonly request: ParsedRequest;
  readonly guesses: readonly FieldGuess[];
}

/**
 * How sure a date mention is: not when its week depends on the speaker ("next Friday" said on a Wednesday, "周五" said
 * on a Friday), nor when the weekday said beside it is not that date's ("Monday, Dec 8" when Dec 8 is a Tuesday).
 */
function isSure(m: DateMention, today: number, dir: Direction, first: boolean): boolean {
  if (m.unsure) return false;
  // A weekday after another date ("下周一出发，周三回", "周一到周三") counts from that date, not from today.
  const counted = (e: DateExpr) => isAmbiguous(e, today) && (first || (e.kind === 'weekday' && e.loose !== undefined));
  if (counted(m.from) || (m.to !== undefined && m.to.kind === 'weekday' && m.to.loose !== undefined && isAmbiguous(m.to, today))) return false;
  if (m.weekdaySaid !== undefined) {
    const day = resolveDate(m.from, today, dir);
    if (day === undefined || isoWeekday(day) !== m.weekdaySaid) return false;
  }
  return true;
}

function fieldsOf(intent: ParsedRequest['intent'], x: Extraction, today: number, ctx: ParseContext): ParsedRequest {
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

/** Every leaf of `v` as dotted paths (arrays and amounts are leaves). */
function leaves(v: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && !('minor' in v)) {
    for (const [k, child] of Object.entries(v)) leaves(child, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, v);
  return out;
}

/**
 * The rule parse with confidence: a field that rests on a date the rules are unsure of is left out of `request`
 * (precision before recall) and reported in `guesses` with the value it would have had, so the chat can ask
 * "您是说 12月4日（周五）返回吗？". Same contract as `parseRules` for `request`.
 */
export function parseRulesDetailed(text: string, ctx: ParseContext, hint?: IntentHint): DetailedParse {
  const today = parseIsoDate(ctx.today);
  if (today === undefined) throw new RangeError(`ParseContext.today must be a YYYY-MM-DD date, got ${JSON.stringify(ctx.today)}`);
  const x = extract(text);
  const intent = detectIntent(x.doc.norm, evidence(x, today), hint);
  const full = fieldsOf(intent, x, today, ctx);
  const dir: Direction = intent === 'expense' ? 'past' : 'future';
  const sureDates = x.dates.filter((m, i) => isSure(m, today, dir, i === 0));
  if (sureDates.length === x.dates.length) return { request: full, guesses: [] };
  // Without the unsure dates, the fields that depended on them fall away; what they would have been is the guess.
  const sure = fieldsOf(intent, { ...x, dates: sureDates }, today, ctx);
  const fullLeaves = leaves(full, '', new Map());
  const sureLeaves = leaves(sure, '', new Map());
  const guesses: FieldGuess[] = [];
  for (const [path, value] of fullLeaves) {
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && sureLeaves.get(path) !== value) guesses.push({ path, value });
  }
  // A date field the sure parse filled differently (the unsure date moved it) is also left out.
  const request = structuredClone(sure);
  for (const g of guesses) {
    const [section, field] = g.path.split('.') as [string, string];
    const part = (request as unknown as Record<string, Record<string, unknown> | undefined>)[section];
    if (part) delete part[field];
  }
  return { request, guesses };
}

/**
 * Parses `text` with deterministic rules. Pure and synchronous. Dates are counted from `ctx.today` (the local date in
 * `ctx.timeZone`); a field the text does not give stays absent. `hint` names the request an open conversation is about,
 * so that a bare answer ("周四", "36元") is read as part of it. Throws RangeError only when `ctx.today` is not a date.
 */
export function parseRules(text: string, ctx: ParseContext, hint?: IntentHint): ParsedRequest {
  return parseRulesDetailed(text, ctx, hint).request;
}
