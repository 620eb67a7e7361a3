// What the request parsers (rule-based and model-based) return for one utterance: one zod schema shared by both.
import { z } from 'zod';

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

export const VisitFieldsSchema = z
  .object({
    visitorName: Text.optional(),
    company: Text.optional(),
    phone: z.string().regex(/^\+?[0-9][0-9 -]{5,19}$/).optional(),
    visitDate: IsoDate.optional(),
    /** `HH:MM`, 24-hour. */
    startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).optional(),
    headcount: z.number().int().min(1).max(500).optional(),
    purpose: Text.optional(),
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
