// Outbox topics of the travel and expense lifecycle, and the payloads their handlers receive.
import type { OutboxMessage } from '../../../db/repos/outbox.js';
import type { TripStatusUpdate } from '../../../domain/travel/index.js';

/** The name supplier orders are recorded under (supplier order ids are unique per supplier). */
export const SUPPLIER_NAME = 'travel-supplier';

/** Book an approved trip with the supplier: `{ tripId }`. */
export const TOPIC_TRAVEL_BOOK = 'travel.book';
/** Push our trip status to the supplier: TripStatusUpdate. */
export const TOPIC_TRAVEL_STATUS = 'travel.status';
/** Cancel one supplier order: `{ orderRowId }`. */
export const TOPIC_TRAVEL_CANCEL = 'travel.cancel';
/** Tell an employee something in chat: NotifyPayload. */
export const TOPIC_CHAT_NOTIFY = 'chat.notify';

export type NotifyPayload =
  /** A sentence for the employee in their language (a visitor arrived, an invitation could not be sent). */
  | { kind: 'text'; employeeId: string; text: { zh: string; en: string } }
  /** The host's visitor was let in at a site's gate (the sentence is written when it is sent, in the host's language). */
  | { kind: 'visitor_arrived'; employeeId: string; visitorId: string; siteId: string; at: string }
  | { kind: 'itinerary'; employeeId: string; tripId: string }
  | { kind: 'expense_confirm'; employeeId: string; lineId: string }
  /** A payment returned by the bank (退票): confirm or change the account; `outcome` once answered. */
  | { kind: 'returned'; employeeId: string; paymentId: string; outcome?: 'pay_again' | 'changed' }
  | {
      kind: 'ledger';
      employeeId: string;
      /** The request the money belongs to (a payee change: the payee row). */
      requestId: string;
      event: LedgerEvent;
      lines: { label: { zh: string; en: string }; minor: number; currency: string }[];
      /** A sentence for the employee (why a payment failed, what to do). */
      note?: { zh: string; en: string };
    };

/** Money that moved, or will: what a ledger notice is about. */
export type LedgerEvent = 'advance_paid' | 'advance_offset' | 'reimbursement_approved' | 'payable_created' | 'budget_released' | 'payee_changed' | 'payment_settled' | 'payment_rejected' | 'payment_returned';

export const bookMessage = (orgId: string, tripId: string): OutboxMessage => ({ orgId, topic: TOPIC_TRAVEL_BOOK, key: `book:${tripId}`, payload: { tripId } });
export const statusMessage = (orgId: string, u: TripStatusUpdate): OutboxMessage => ({ orgId, topic: TOPIC_TRAVEL_STATUS, key: `trip-status:${u.tripRef}:${u.status}`, payload: u });
export const cancelMessage = (orgId: string, orderRowId: string): OutboxMessage => ({ orgId, topic: TOPIC_TRAVEL_CANCEL, key: `cancel:${orderRowId}`, payload: { orderRowId } });
/** `key` makes the notice once-only (e.g. `itinerary:<trip>:<version>`). */
export const notifyMessage = (orgId: string, key: string, payload: NotifyPayload): OutboxMessage => ({ orgId, topic: TOPIC_CHAT_NOTIFY, key: `notify:${key}`, payload });
