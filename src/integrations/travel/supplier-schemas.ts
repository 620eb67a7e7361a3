// The supplier's wire format, checked with zod on both sides (our adapter reading answers, our callback route).
import { z } from 'zod';

const Price = z.object({ minor: z.number().int().nonnegative(), currency: z.string().regex(/^[A-Z]{3}$/) });
const LocalTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const OfferSchema = z.object({
  offerId: z.string().min(1),
  kind: z.enum(['flight', 'train', 'hotel']),
  description: z.string(),
  origin: z.string().optional(),
  destination: z.string().optional(),
  city: z.string().optional(),
  departAt: LocalTime.optional(),
  arriveAt: LocalTime.optional(),
  durationMinutes: z.number().int().nonnegative().optional(),
  cabin: z.enum(['economy', 'premium_economy', 'business', 'first']).optional(),
  seatClass: z.enum(['second', 'first', 'business', 'hard_sleeper', 'soft_sleeper']).optional(),
  checkIn: Day.optional(),
  checkOut: Day.optional(),
  nights: z.number().int().positive().optional(),
  nightly: Price.optional(),
  price: Price,
});

export const OrderSchema = z.object({
  orderId: z.string().min(1),
  clientRef: z.string().min(1),
  tripRef: z.string().min(1),
  kind: z.enum(['flight', 'train', 'hotel']),
  status: z.enum(['booked', 'issued', 'changed', 'refunded', 'completed', 'cancelled']),
  offer: OfferSchema,
  amount: Price,
  refunded: Price.optional(),
  payment: z.enum(['company', 'personal']),
  updatedAt: z.string().min(1),
});

export const CallbackSchema = z.object({
  eventId: z.string().min(1).max(200),
  type: z.enum(['order.issued', 'order.changed', 'order.refunded', 'order.completed', 'order.cancelled']),
  order: OrderSchema,
  at: z.string().min(1),
});

export const OffersReply = z.object({ offers: z.array(OfferSchema) });
export const OrderReply = z.object({ order: OrderSchema });
export const ErrorReply = z.object({ code: z.string(), message: z.string().optional() });

/** One line of the monthly settlement statement (对账单); `amount` is never negative, a `refund` line credits it. */
export const SettlementLineSchema = z.object({
  lineId: z.string().min(1).max(200),
  supplierOrderRef: z.string().min(1).max(200),
  clientRef: z.string().min(1).max(200),
  kind: z.enum(['ticket', 'change_fee', 'refund']),
  amount: Price,
  date: Day,
});
export const SettlementReply = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/), lines: z.array(SettlementLineSchema).max(100_000) });
