// Builds the trip fields: where from and to, when out and back, how, how many people, why and for how much.
import type { TripFields } from '../../../domain/nlu/index.js';
import { formatDay } from './calendar.js';
import { resolveDate } from './date-expr.js';
import type { DateMention } from './dates.js';
import { isEstimate, type Extraction } from './extract.js';
import { earliest, TRANSPORT_WORDS } from './keywords.js';
import { labelBefore } from './labels.js';
import { isChineseName } from './names.js';
import { findPurpose } from './purpose.js';

const RETURN_BEFORE = /(?:回来|返回|返程|回程|回|返|\bback\b|\breturn(?:ing)?\b|\bcome\s+back\b|\bcoming\s+back\b|\bfly\s+back\b)\s*(?:(?:on|by)\s+)?(?:the\s+)?$/;
/** Chinese puts 回 after the day (周三回来); English puts "back" before it, so only Chinese is looked for here. */
const RETURN_AFTER = /^\s*(?:(?:早上|上午|中午|下午|傍晚|晚上|晚|早)\s*)?(?:回来|回京|回沪|回|返回|返程|返)(?!\s*(?:日期|时间))/;

interface TripDates {
  departDate?: string;
  returnDate?: string;
}

function isReturn(x: Extraction, m: DateMention): boolean {
  const { norm } = x.doc;
  const label = labelBefore(norm, m.start);
  if (label === 'return') return true;
  if (label === 'depart') return false;
  return RETURN_BEFORE.test(norm.slice(Math.max(0, m.start - 14), m.start)) || RETURN_AFTER.test(norm.slice(m.end, m.end + 6));
}

/** Departure and return: a range gives both; otherwise the first date out and a date marked 回/back (or the second date). */
function tripDates(x: Extraction, today: number, known?: number): TripDates {
  const out: TripDates = {};
  const [first] = x.dates;
  let depart: number | undefined;
  let back: number | undefined;
  if (first?.to !== undefined) {
    depart = resolveDate(first.from, today, 'future');
    back = depart === undefined ? undefined : resolveDate(first.to, today, 'future', depart);
  } else {
    // When the departure is already known (a follow-up about an open trip), a lone date is the return.
    const returns = known !== undefined && x.dates.length === 1 ? [...x.dates] : x.dates.filter((m) => isReturn(x, m));
    const departs = x.dates.filter((m) => !returns.includes(m));
    const departMention = departs[0];
    const returnMention = returns[0] ?? departs[1];
    depart = departMention === undefined ? undefined : resolveDate(departMention.from, today, 'future');
    const anchor = depart ?? known;
    // "中秋节去宁波，三天后回来": "three days later" counts from the departure said before it, not from today.
    const later = returnMention?.from.kind === 'offset' && returnMention.from.later === true && anchor !== undefined && (departMention === undefined || departMention.start < returnMention.start);
    back = returnMention === undefined ? undefined : later && returnMention.from.kind === 'offset' ? anchor! + returnMention.from.days : resolveDate(returnMention.from, today, 'future', anchor);
  }
  if (back === undefined && depart !== undefined && x.duration !== undefined) back = depart + x.duration.returnOffset;
  if (depart !== undefined) out.departDate = formatDay(depart);
  if (back !== undefined && (depart ?? known) !== undefined && back < (depart ?? known)!) back = undefined;
  if (back !== undefined) out.returnDate = formatDay(back);
  return out;
}

const WITH_NAMES_CN = /我(?:和|跟|与|同|带着?|带上)([\u4e00-\u9fff、，,和与及跟]{2,30})/;
const NAMES_END = /去|到|飞|坐|乘|一起|出差|明天|后天|下周|这周|本周|下个|参加|前往|赴|回|从|在|[0-9]/;
/** People named by role: 我跟老板, 我和同事. Each counts as one. */
const PERSON_WORDS = /^(?:老板|领导|同事|经理|总监|老师|主管|助理|上司|老公|老婆|同学|客户)$/;
const WITH_NAMES_EN = /\b(?:me|i)\s+and\s+((?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?:\s*,\s*|\s+and\s+)?)+)/;

/** How many travel: an explicit count ("三个人", "2 people", "带两个同事" → 3), else "我和张伟、李娜" → 3. */
const TRAVELLERS_LABEL = /(?:travell?ers|people|persons|pax|headcount|passengers|出行人数|同行人数|人数|出差人数)\s*[:：=]?\s*(\d{1,3})(?!\d)/;

function travellers(x: Extraction): number | undefined {
  const labelled = TRAVELLERS_LABEL.exec(x.doc.norm);
  if (labelled && Number(labelled[1]) >= 1) return Math.min(500, Number(labelled[1]));
  const [c] = x.counts;
  if (c !== undefined) return Math.min(500, c.count + (c.companions ? 1 : 0));
  const cn = WITH_NAMES_CN.exec(x.doc.norm);
  if (cn) {
    const run = cn[1] as string;
    const stop = NAMES_END.exec(run);
    const names = (stop ? run.slice(0, stop.index) : run).split(/[、，,和与及跟]/).filter((n) => isChineseName(n) || PERSON_WORDS.test(n));
    if (names.length > 0) return names.length + 1;
  }
  const en = WITH_NAMES_EN.exec(x.doc.raw);
  if (en) return (en[1] as string).split(/\s*,\s*|\s+and\s+/).filter((n) => n.trim() !== '').length + 1;
  return undefined;
}

/** Trip fields found in `x`; absent fields were not written. `knownDepart` anchors a return given on its own. */
export function tripFields(x: Extraction, today: number, knownDepart?: number): TripFields {
  const fields: TripFields = {};
  // A form's label decides the role ("目的地西安", "From: Shanghai").
  const places = x.places.map((p) => {
    const label = labelBefore(x.doc.norm, p.start);
    return label === 'origin' || label === 'destination' ? { ...p, role: label, guessed: false } : p;
  });
  // Listed cities before guessed ones; a place marked by a verb of motion before one merely mentioned.
  const ranked = [...places.filter((p) => !p.guessed), ...places.filter((p) => p.guessed)];
  const origin = ranked.find((p) => p.role === 'origin');
  const destination =
    ranked.find((p) => p.role === 'destination' && p.name !== origin?.name) ?? ranked.find((p) => p.role === 'mentioned' && p.name !== origin?.name);
  if (origin) fields.origin = origin.name;
  if (destination) fields.destination = destination.name;
  Object.assign(fields, tripDates(x, today, knownDepart));
  const transport = earliest(x.doc.norm, TRANSPORT_WORDS);
  if (transport) fields.transport = transport;
  const people = travellers(x);
  if (people !== undefined) fields.travellers = people;
  const purpose = findPurpose(x.doc);
  if (purpose) fields.purpose = purpose;
  const amount = x.amounts.find((a) => isEstimate(x.doc, a)) ?? x.amounts.find((a) => a.explicit) ?? x.amounts[0];
  if (amount) fields.estimatedAmount = { minor: amount.minor, currency: amount.currency };
  return fields;
}
