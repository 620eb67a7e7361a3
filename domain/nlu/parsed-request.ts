// What the request parsers (rule-based and model-based) return for one utterance: one zod schema shared by both.
import { z } from 'zod';
import { VISIT_RESOURCES } from '../reception/visit.js';
import { RECEPTION_TYPES, VISITOR_LEVELS } from '../reception/standards.js';
import { WEEKDAYS } from '../reception/recurrence.js';

export const INTENTS = ['trip', 'expense', 'visit', 'status', 'unknown'] as const;
export type Intent = (typeof INTENTS)[number];
export const TRANSPORTS = ['flight', 'train', 'car', 'bus', 'ship'] as const;
export type Transport = (typeof TRANSPORTS)[number];
export const EXPENSE_CATEGORIES = ['meal', 'lodging', 'transport', 'hospitality', 'office', 'communication', 'other'] as const;
export type ExpenseCategory = (typeof EXPENSE_CATEGORIES)[number];

/** `minor` is an integer in the currency's minor unit (CNY ×100, JPY ×1, KWD ×1000). */
const Amount = z.object({ minor: z.number().int().positive(), currency: z.string().regex(/^[A-Z]{3}$/) }).strict();
/** `YYYY-MM-DD` in the organisation's time zone. */
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Text = z.string().trim().min(1).max(200);

export const TripFieldsSchema = z
  .object({
    /** City names as the user wrote them, without 市. */
    origin: Text.optional(),
    destination: Text.optional(),
    departDate: IsoDate.optional(),
    returnDate: IsoDate.optional(),
    transport: z.enum(TRANSPORTS).optional(),
    /** How many people travel, the requester included. */
    travellers: z.number().int().min(1).max(500).optional(),
    purpose: Text.optional(),
    estimatedAmount: Amount.optional(),
  })
  .strict();

export const ExpenseFieldsSchema = z
  .object({
    category: z.enum(EXPENSE_CATEGORIES),
    amount: Amount.optional(),
    date: IsoDate.optional(),
    merchant: Text.optional(),
    description: Text.optional(),
  })
  .strict();

/** A recurring visit as said: how often, on which weekdays, and how many times or until when (when said). */
export const VisitRecurrenceFieldsSchema = z
  .object({
    frequency: z.enum(['daily', 'weekly']),
    interval: z.number().int().min(1).max(4).optional(),
    weekdays: z.array(z.enum(WEEKDAYS)).min(1).max(7).optional(),
    /** As said; the registration refuses more than it allows, saying so. */
    count: z.number().int().min(1).max(999).optional(),
    until: IsoDate.optional(),
  })
  .strict();

export const VisitFieldsSchema = z
  .object({
    visitorName: Text.optional(),
    company: Text.optional(),
    phone: z.string().regex(/^\+?[0-9][0-9 -]{5,19}$/).optional(),
    visitDate: IsoDate.optional(),
    /** `HH:MM`, 24-hour. */
    startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).optional(),
    /** How many visitors in all: "王强等2人" is 2, "Wang Qiang and 2 colleagues" is 3. */
    headcount: z.number().int().min(1).max(500).optional(),
    purpose: Text.optional(),
    /** `HH:MM`, when the visit ends ("3pm to 5pm", "下午两点到四点"). */
    endTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).optional(),
    /** What the visitors need: a meeting room, equipment, a car, meals, lodging. */
    resources: z.array(z.enum(VISIT_RESOURCES)).max(VISIT_RESOURCES.length).optional(),
    /** The reception types the host asks for (meals, alcohol, lodging, transport, gifts). */
    receptionTypes: z.array(z.enum(RECEPTION_TYPES)).max(RECEPTION_TYPES.length).optional(),
    /** The hospitality amount the host expects to spend, when written ("预计招待费800元"). */
    estimatedAmount: Amount.optional(),
    /** An advance (借款) to the host the approval should pay out, when asked for ("借款2000元", "advance 2000 CNY"). */
    advanceAmount: Amount.optional(),
    level: z.enum(VISITOR_LEVELS).optional(),
    /** "每周二…共4次", "every Tuesday for 4 weeks": the visit repeats; `visitDate` is its first day. */
    recurrence: VisitRecurrenceFieldsSchema.optional(),
  })
  .strict();

/** The parse of one utterance. A value the user did not give stays absent: parsers never invent one. */
export const ParsedRequestSchema = z
  .object({
    intent: z.enum(INTENTS),
    trip: TripFieldsSchema.optional(),
    expense: ExpenseFieldsSchema.optional(),
    visit: VisitFieldsSchema.optional(),
  })
  .strict();

export type TripFields = z.infer<typeof TripFieldsSchema>;
export type ExpenseFields = z.infer<typeof ExpenseFieldsSchema>;
export type VisitFields = z.infer<typeof VisitFieldsSchema>;
export type VisitRecurrenceFields = z.infer<typeof VisitRecurrenceFieldsSchema>;
export type ParsedRequest = z.infer<typeof ParsedRequestSchema>;

/** What a parser needs besides the text: "today" and the zone that relative dates are counted in. */
export interface ParseContext {
  /** `YYYY-MM-DD`, the local date in `timeZone`. */
  today: string;
  /** IANA zone, e.g. `Asia/Shanghai`. */
  timeZone: string;
  /**
   * The departure of the trip an open conversation is about: a bare return day in a follow-up ("周四回") is the first
   * such day after it, not after today.
   */
  departDate?: string;
}
