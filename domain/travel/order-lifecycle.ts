// Supplier orders on our side: how a signed callback moves an order, what a completed order costs, the trip's phase.
import { domainError, err, ok, type Result } from '../shared/index.js';
import type { OfferKind, SupplierCallbackType, SupplierOrderStatus } from './supplier.port.js';

export type OrderStatus = SupplierOrderStatus | 'failed';

export interface OrderState {
  readonly status: OrderStatus;
  readonly amountMinor: number;
  readonly refundedMinor: number;
  readonly currency: string;
}

const TARGET: Readonly<Record<SupplierCallbackType, SupplierOrderStatus>> = {
  'order.issued': 'issued',
  'order.changed': 'changed',
  'order.refunded': 'refunded',
  'order.completed': 'completed',
  'order.cancelled': 'cancelled',
};

/** Which status may follow which. A refund may be partial (a change fee is kept), so a refunded order can still complete. */
const NEXT: Readonly<Record<OrderStatus, readonly SupplierOrderStatus[]>> = {
  booked: ['issued', 'changed', 'cancelled'],
  issued: ['changed', 'refunded', 'completed', 'cancelled'],
  changed: ['changed', 'refunded', 'completed', 'cancelled'],
  refunded: ['refunded', 'completed', 'cancelled'],
  completed: [],
  cancelled: [],
  failed: [],
};

export type CallbackOutcome =
  | { readonly kind: 'applied'; readonly state: OrderState; readonly completed: boolean }
  /** A repeat or a late callback for an order that has moved on: acknowledged, nothing changes. */
  | { readonly kind: 'ignored'; readonly reason: string };

/**
 * Applies a supplier callback. The supplier's order is the truth for amounts (`amount` after a change, `refunded`
 * so far); our status follows the callback type when the transition is allowed. A callback repeating the current
 * status (retries) or arriving after a final status is ignored rather than refused, so the supplier stops retrying.
 */
export function applyOrderCallback(state: OrderState, type: SupplierCallbackType, order: { amount: { minor: number; currency: string }; refunded?: { minor: number; currency: string } }): Result<CallbackOutcome> {
  const to = TARGET[type];
  if (order.amount.currency !== state.currency) return err(domainError('SUPPLIER.REFUSED', `order currency changed from ${state.currency} to ${order.amount.currency}`));
  const refundedMinor = order.refunded?.minor ?? state.refundedMinor;
  if (refundedMinor < 0 || order.amount.minor < 0 || refundedMinor > order.amount.minor) return err(domainError('SUPPLIER.REFUSED', `order amounts are inconsistent (amount ${order.amount.minor}, refunded ${refundedMinor})`));
  if (state.status === to && to !== 'changed' && to !== 'refunded') return ok({ kind: 'ignored', reason: `already ${to}` });
  if (!NEXT[state.status].includes(to)) return ok({ kind: 'ignored', reason: `order is ${state.status}; ${type} comes too late` });
  return ok({ kind: 'applied', state: { status: to, amountMinor: order.amount.minor, refundedMinor, currency: state.currency }, completed: to === 'completed' });
}

/** What a completed order finally cost: the amount less refunds. Zero means nothing to expense. */
export const orderNetMinor = (s: Pick<OrderState, 'amountMinor' | 'refundedMinor'>): number => s.amountMinor - s.refundedMinor;

/** The expense category an order's line gets. */
export const lineCategoryOf = (kind: OfferKind): 'flight' | 'train' | 'hotel' => kind;

/**
 * A trip's phase after approval: booking in progress, booked (orders placed), travelled (every order used), and
 * finally completed (claimed, or closed with nothing to claim: its freeze released) or cancelled.
 */
export type TripPhase = 'booking' | 'booked' | 'travelled' | 'completed' | 'cancelled';

/** booked once orders are placed; travelled once every order is completed or cancelled (and at least one completed). */
export function tripPhaseOf(current: TripPhase | null, orders: readonly { status: OrderStatus }[]): TripPhase | null {
  if (current === 'cancelled' || current === 'completed') return current;
  if (orders.length === 0) return current;
  const done = orders.every((o) => o.status === 'completed' || o.status === 'cancelled' || o.status === 'failed');
  if (done && orders.some((o) => o.status === 'completed')) return 'travelled';
  return 'booked';
}
