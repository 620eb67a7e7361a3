// A visit draft put together in chat, turned into the registration `registerVisit` takes: the window in the
// organisation's time zone, the group's visitors (placeholders for companions not named), the estimate by reception
// type (the standards' ceilings for the party when no amount was given, else the amount given) and the site chosen.
// The same function builds the draft card's preview and the registration submitted, so what was shown is what is sent.
import type { Executor } from '../../db/database.js';
import { getSite, type SiteRow } from '../../db/repos/reception.js';
import type { Draft } from '../../domain/conversation/index.js';
import {
  checkMobile, checkVisitAdvance, DEFAULT_RECEPTION_STANDARDS, estimateFromStandards, groupVisitors, splitEstimate,
  type EstimateBasis, type ReceptionEstimate, type VisitorLevel,
} from '../../domain/reception/index.js';
import type { DomainError } from '../../domain/shared/index.js';
import type { SecretBox } from '../secrets.js';
import { addCalendarDays, zonedMidnight } from '../usecases/org-time.js';
import type { Lang } from './texts.js';

/** What a visit draft carries besides the parsed fields, through the conversation and into the draft row. */
export interface VisitExtras {
  siteId?: string;
  /** The lead visitor's mobile, encrypted: a typed number is not kept in the clear. */
  mobileEnc?: string;
  /** A number typed before the visit's other fields were complete, encrypted until it is checked. */
  typedMobileEnc?: string;
  /** The host said they have no mobile for the visitor. */
  mobileSkipped?: boolean;
  /** The question the bot asked last. */
  ask?: 'site' | 'mobile' | 'advance';
  /** While the advance is asked again: the estimate given before (null: none), which the answer must not change. */
  estimateAtAsk?: { minor: number; currency: string } | null;
  /** The language the visit was asked in: placeholders and a default purpose are written in it. */
  lang?: Lang;
}

export type VisitDraft = Draft & { visitExtras?: VisitExtras; justification?: string };

/**
 * A visit draft as a conversation keeps it while asking for other fields: a typed phone number moves, encrypted, out
 * of the parsed fields (checked once the questions are answered). Other drafts are returned as they are.
 */
export function sealVisitPhone<D extends Draft>(d: D, box: SecretBox): D {
  if (d.intent !== 'visit' || !d.visit?.phone) return d;
  const { phone, ...visit } = d.visit;
  const x = (d as VisitDraft).visitExtras ?? {};
  return { ...d, visit, visitExtras: { ...x, typedMobileEnc: box.encrypt(phone) } };
}

/** How many visits a recurring one makes when neither a count nor an end was said (the card says it was assumed). */
export const DEFAULT_OCCURRENCES = 4;

/** How long a visit lasts when no end was said; one with lodging ends at noon the next day. */
const DEFAULT_VISIT_MS = 2 * 3_600_000;

/** A number as SMS providers take it: spaces and dashes dropped, a bare mainland 1xxxxxxxxxx given +86, 00 made +. */
export function normaliseMobile(raw: string): string {
  const d = raw.replace(/[\s()-]/g, '');
  if (/^1\d{10}$/.test(d)) return `+86${d}`;
  if (/^86\d{11}$/.test(d)) return `+${d}`;
  if (/^00\d+$/.test(d)) return `+${d.slice(2)}`;
  return d;
}

const LABELLED_MOBILE = /(?:手机号?码?|电话号?码?|联系方式|\bmobile\b|\bphone\b|\bcell\b|\btel\b)[^\d+]{0,6}(\+?\d[\d\s-]{4,20}\d)/i;
const LONG_NUMBER = /(?<![\d+])\+?\d{11,15}(?!\d)/;
const ANY_NUMBER = /(?<![\d+])\+?\d[\d\s-]{5,20}\d(?!\d)/;

/** A mobile the text gives: the parser's phone, a labelled number, a long digit run, or (when asked) any number. */
export function mobileIn(text: string, parsedPhone: string | undefined, asked: boolean): string | undefined {
  if (parsedPhone) return parsedPhone;
  return LABELLED_MOBILE.exec(text)?.[1] ?? LONG_NUMBER.exec(text)?.[0] ?? (asked ? ANY_NUMBER.exec(text)?.[0] : undefined);
}

const MOBILE_LIKE = /(?<![\d+])(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)|(?<=(?:手机号?码?|电话号?码?|\bmobile\b|\bphone\b|\bcell\b|\btel\b)[^\d+]{0,6})\+?\d[\d\s-]{4,20}\d/gi;

/** `text` with every mobile-looking number (a mainland mobile, or any number labelled as a phone) cut to its last four. */
export function maskMobiles(text: string): string {
  return text.replace(MOBILE_LIKE, (m) => `****${m.replace(/\D/g, '').slice(-4)}`);
}

/** The number normalised if it can take a text, else the masked form to tell the user which one was refused. */
export function checkedMobile(raw: string): { ok: true; mobile: string } | { ok: false; masked: string } {
  const m = normaliseMobile(raw);
  if (checkMobile(m).ok) return { ok: true, mobile: m };
  const digits = m.replace(/\D/g, '');
  return { ok: false, masked: `****${digits.slice(-4)}` };
}

/** When a draft's visit starts: its day and time in the organisation's zone. */
export function visitStart(d: VisitDraft, timeZone: string): Date {
  const [hh, mm] = (d.visit?.startTime ?? '00:00').split(':').map(Number) as [number, number];
  return new Date(zonedMidnight(d.visit!.visitDate!, timeZone).getTime() + (hh * 60 + mm) * 60_000);
}

export interface VisitPlan {
  /** The input of `registerVisit` (hostId and clientRef included). */
  registration: Record<string, unknown>;
  site: SiteRow;
  start: Date;
  end: Date;
  level: VisitorLevel;
  estimate: ReceptionEstimate;
  basis: EstimateBasis;
  people: number;
  currency: string;
  /** A recurring visit said without a count or an end: DEFAULT_OCCURRENCES was taken. */
  assumedRecurrence?: boolean;
}

export type PlanProblem =
  | { kind: 'past'; start: Date }
  | { kind: 'currency'; currency: string }
  | { kind: 'site' }
  /** The advance asked for is more than the estimate (`max`) or in another currency than the standards'. */
  | { kind: 'advance'; reason: 'over' | 'currency'; advance: { minor: number; currency: string }; max: { minor: number; currency: string }; error: DomainError };

/**
 * The registration a complete draft makes (its required fields and site present). `now` only decides whether the
 * visit is already under way; everything else follows from the draft, so the card and the submission agree.
 */
export async function planVisit(
  db: Executor,
  box: SecretBox,
  o: { orgId: string; employeeId: string; draftId: string; timeZone: string; now: Date; lang: Lang },
  d: VisitDraft,
): Promise<{ ok: true; plan: VisitPlan } | { ok: false; problem: PlanProblem }> {
  const v = d.visit ?? {};
  const x = d.visitExtras ?? {};
  const site = x.siteId ? await getSite(db, o.orgId, x.siteId) : undefined;
  if (!site) return { ok: false, problem: { kind: 'site' } };
  const start = visitStart(d, o.timeZone);
  if (start.getTime() <= o.now.getTime()) return { ok: false, problem: { kind: 'past', start } };
  const lodging = v.resources?.includes('lodging') || v.receptionTypes?.includes('lodging');
  let end: Date;
  if (v.endTime) {
    const [eh, em] = v.endTime.split(':').map(Number) as [number, number];
    end = new Date(zonedMidnight(v.visitDate!, o.timeZone).getTime() + (eh * 60 + em) * 60_000);
  } else if (lodging) end = new Date(zonedMidnight(addCalendarDays(v.visitDate!, 1), o.timeZone).getTime() + 12 * 3_600_000);
  else end = new Date(start.getTime() + DEFAULT_VISIT_MS);
  const standards = DEFAULT_RECEPTION_STANDARDS;
  const amount = v.estimatedAmount;
  if (amount && amount.currency !== standards.currency) return { ok: false, problem: { kind: 'currency', currency: standards.currency } };
  const mobile = x.mobileEnc ? box.decrypt(x.mobileEnc) : undefined;
  const lead = { name: v.visitorName!, ...(v.company ? { company: v.company } : {}), ...(mobile ? { mobile } : {}) };
  const lang = x.lang ?? o.lang;
  const visitors = groupVisitors(lead, v.headcount ?? 1, lang);
  const level = v.level ?? 'standard';
  const people = visitors.length + 1;
  const types = v.receptionTypes ?? [];
  const basis: EstimateBasis = amount ? 'given' : 'standard';
  const estimate = amount ? splitEstimate(standards, types, level, people, amount.minor) : estimateFromStandards(standards, types, level, people);
  const total = Object.values(estimate).reduce((a, b) => a + (b ?? 0), 0);
  const advance = checkVisitAdvance({ ...(v.advanceAmount ? { advance: v.advanceAmount } : {}) }, { totalMinor: total, currency: standards.currency });
  if (!advance.ok) return { ok: false, problem: { kind: 'advance', reason: advance.error.details?.field === 'advance.currency' ? 'currency' : 'over', advance: v.advanceAmount!, max: { minor: total, currency: standards.currency }, error: advance.error } };
  const r = v.recurrence;
  const assumedRecurrence = r !== undefined && r.count === undefined && r.until === undefined;
  const recurrence = r ? { frequency: r.frequency, ...(r.interval ? { interval: r.interval } : {}), ...(r.weekdays ? { weekdays: r.weekdays } : {}), ...(r.until ? { until: r.until } : { count: r.count ?? DEFAULT_OCCURRENCES }) } : undefined;
  const who = v.company ?? v.visitorName!;
  const purpose = v.purpose ?? (lang === 'zh' ? `${who}来访` : `Visit from ${who}`);
  const registration = {
    hostId: o.employeeId,
    companions: [],
    siteId: site.id,
    visitors,
    level,
    purpose,
    start: start.toISOString(),
    end: end.toISOString(),
    resources: v.resources ?? [],
    estimate,
    estimateBasis: basis,
    ...(advance.value ? { advance: advance.value } : {}),
    ...(d.justification ? { justification: d.justification } : {}),
    ...(recurrence ? { recurrence } : {}),
    clientRef: `chat-draft:${o.draftId}`,
  };
  return { ok: true, plan: { registration, site, start, end, level, estimate, basis, people, currency: standards.currency, ...(assumedRecurrence ? { assumedRecurrence } : {}) } };
}
