// A visit as its host registers it (业务接待申请): who comes (names, company, title; a mobile for the invitation, an
// ID number where the site requires one), their level, why, when, who receives them, where, what they need and what
// the company expects to spend by reception type. Parsed once here; the use case stores it and routes it for approval.
import { z } from 'zod';
import { toDecimalString } from '../money/index.js';
import { domainError, err, ok, type Result } from '../shared/index.js';
import { checkMobile } from './mobile-number.js';
import { expandRecurrence, RecurrenceSchema, type Occurrence } from './recurrence.js';
import { RECEPTION_TYPES, VISITOR_LEVELS, type ReceptionEstimate } from './standards.js';

export const VISIT_RESOURCES = ['meeting_room', 'equipment', 'car', 'meal', 'lodging'] as const;
export type VisitResource = (typeof VISIT_RESOURCES)[number];

const Text = (max: number) => z.string().trim().min(1).max(max);

/** A mobile number in E.164 (+8613800138000), as SMS providers take it (mobile-number.ts says what passes). */
export const MobileSchema = z
  .string()
  .trim()
  .refine((m) => checkMobile(m).ok, 'a mobile number in international form, e.g. +8613800138000 (a mainland one is +86 and 11 digits starting 13–19)');

/** A mainland resident identity number (GB 11643): 17 digits and a check character (0–9 or X) that must agree. */
export function isResidentIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((s, w, i) => s + w * Number(id[i]), 0);
  return '10X98765432'[sum % 11] === id[17];
}

export const VisitorSchema = z
  .object({
    name: Text(60),
    company: Text(120).optional(),
    title: Text(60).optional(),
    mobile: MobileSchema.optional(),
    idNumber: z
      .string()
      .trim()
      .toUpperCase()
      .refine(isResidentIdNumber, 'an 18-character resident identity number whose check character agrees')
      .optional(),
  })
  .strict();
export type Visitor = z.infer<typeof VisitorSchema>;

const Instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const VisitRegistrationSchema = z
  .object({
    /** The employee who receives the visitors (and registers them, unless an assistant does). */
    hostId: Text(64),
    companions: z.array(Text(64)).max(20).default([]),
    siteId: Text(64),
    visitors: z.array(VisitorSchema).min(1).max(50),
    level: z.enum(VISITOR_LEVELS).default('standard'),
    purpose: Text(200),
    start: Instant,
    end: Instant,
    resources: z.array(z.enum(VISIT_RESOURCES)).max(VISIT_RESOURCES.length).default([]),
    /** What the company expects to spend by reception type, minor units of the standards' currency. */
    estimate: z.partialRecord(z.enum(RECEPTION_TYPES), z.number().int().nonnegative()).default({}),
    justification: Text(500).optional(),
    clientRef: Text(100).optional(),
    /** How the estimate was made: the standards' ceilings for the party (chat, no amount given) or an amount given. */
    estimateBasis: z.enum(['standard', 'given']).optional(),
    /**
     * An advance (借款) to the host, paid when the visit is approved: minor units of the standards' currency (the
     * currency may be left out), at most the estimate (checkVisitAdvance).
     */
    advance: z
      .object({ minor: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), currency: z.string().regex(/^[A-Z]{3}$/).optional() })
      .strict()
      .optional(),
    /** A recurring visit: the window above is the first occurrence; the estimate is per occurrence (recurrence.ts). */
    recurrence: RecurrenceSchema.optional(),
  })
  .strict();
export type VisitRegistration = z.infer<typeof VisitRegistrationSchema>;

/** The longest a single visit runs: a week (a longer stay is several visits, or a recurring one). */
const MAX_VISIT_MS = 7 * 24 * 3_600_000;

/**
 * What parsing cannot see: the visit ends after it starts, lasts at most a week, has not ended yet, and names each
 * visitor's mobile once (one invitation per phone).
 */
export function checkVisit(v: VisitRegistration, now: Date): Result<VisitRegistration> {
  if (v.end.getTime() <= v.start.getTime()) return err(domainError('VALIDATION.INVALID', 'the visit must end after it starts', { field: 'end' }));
  if (v.end.getTime() - v.start.getTime() > MAX_VISIT_MS) return err(domainError('VALIDATION.INVALID', 'a visit lasts at most seven days; register a longer stay as several visits', { field: 'end' }));
  if (v.end.getTime() <= now.getTime()) return err(domainError('VALIDATION.INVALID_DATE', 'the visit is already over: check the date and time', { field: 'start' }));
  const mobiles = v.visitors.flatMap((x) => (x.mobile ? [x.mobile] : []));
  if (new Set(mobiles).size !== mobiles.length) return err(domainError('VALIDATION.INVALID', 'two visitors share one mobile number', { field: 'visitors' }));
  return ok(v);
}

/**
 * The advance the host asks for, in the estimate's currency and at most the estimate's total: VALIDATION.INVALID
 * naming `advance` (or `advance.currency`) otherwise. Undefined when none is asked.
 */
export function checkVisitAdvance(v: Pick<VisitRegistration, 'advance'>, estimate: { totalMinor: number; currency: string }): Result<{ minor: number; currency: string } | undefined> {
  if (!v.advance) return ok(undefined);
  const { minor, currency = estimate.currency } = v.advance;
  if (currency !== estimate.currency) return err(domainError('VALIDATION.INVALID', `advance.currency: the reception standards are in ${estimate.currency}; ask for the advance in ${estimate.currency}`, { field: 'advance.currency', currency: estimate.currency }));
  if (minor > estimate.totalMinor) {
    const amount = (m: number) => `${currency} ${toDecimalString({ minor: m, currency })}`;
    return err(domainError('VALIDATION.INVALID', `advance: ${amount(minor)} is more than the visit's estimate of ${amount(estimate.totalMinor)}; an advance is at most the estimate`, { field: 'advance', advanceMinor: minor, estimateMinor: estimate.totalMinor, currency }));
  }
  return ok({ minor, currency });
}

/** The estimate as the standards check reads it. */
export const estimateOf = (v: Pick<VisitRegistration, 'estimate'>): ReceptionEstimate => v.estimate;

/** How many people the per-person standards count: the visitors, the host and the staff with them. */
export const partySize = (v: Pick<VisitRegistration, 'visitors' | 'companions'>): number => v.visitors.length + 1 + v.companions.length;

/**
 * The windows a registration makes: its own, or each occurrence of its recurrence in the organisation's time zone
 * (VALIDATION.INVALID naming the `recurrence` field when the rule is refused: recurrence.ts).
 */
export function visitOccurrences(v: Pick<VisitRegistration, 'start' | 'end' | 'recurrence'>, timeZone: string): Result<Occurrence[]> {
  return v.recurrence ? expandRecurrence({ start: v.start, end: v.end }, v.recurrence, timeZone) : ok([{ start: v.start, end: v.end }]);
}
