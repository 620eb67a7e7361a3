// The travel supplier port: what the booking use cases need from a travel provider (search, book, cancel, fetch,
// status push, the monthly settlement statement) and the shapes of its signed callbacks. Adapters live in src/integrations/travel/.

/** What a supplier sells. */
export type OfferKind = 'flight' | 'train' | 'hotel';
export type Cabin = 'economy' | 'premium_economy' | 'business' | 'first';
export type SeatClass = 'second' | 'first' | 'business' | 'hard_sleeper' | 'soft_sleeper';
/** 公司统一结算 (company) or paid by the traveller (personal). */
export type PaymentMode = 'company' | 'personal';

export interface PriceView {
  /** Integer minor units of `currency`. */
  readonly minor: number;
  readonly currency: string;
}

/** A search: transport between two cities on a day, or a hotel in a city for [checkIn, checkOut). Dates 'YYYY-MM-DD'. */
export type OfferQuery =
  | { readonly kind: 'flight' | 'train'; readonly origin: string; readonly destination: string; readonly date: string }
  | { readonly kind: 'hotel'; readonly city: string; readonly checkIn: string; readonly checkOut: string };

/** One bookable offer. Times are local 'YYYY-MM-DDTHH:MM' at the place they happen. */
export interface Offer {
  readonly offerId: string;
  readonly kind: OfferKind;
  /** e.g. "MU5101 北京首都 → 上海虹桥" or "上海静安香格里拉 高级大床房". */
  readonly description: string;
  readonly origin?: string;
  readonly destination?: string;
  readonly city?: string;
  readonly departAt?: string;
  readonly arriveAt?: string;
  readonly durationMinutes?: number;
  readonly cabin?: Cabin;
  readonly seatClass?: SeatClass;
  readonly checkIn?: string;
  readonly checkOut?: string;
  readonly nights?: number;
  readonly nightly?: PriceView;
  /** Total price of the offer. */
  readonly price: PriceView;
}

export interface Traveller {
  readonly employeeId: string;
  readonly name: string;
  readonly email?: string;
  readonly mobile?: string;
}

export interface BookingRequest {
  /** Our idempotency key: booking twice with the same key returns the first order. */
  readonly clientRef: string;
  readonly offerId: string;
  /** Our trip (request) id, echoed in callbacks. */
  readonly tripRef: string;
  readonly traveller: Traveller;
  readonly payment: PaymentMode;
}

export type SupplierOrderStatus = 'booked' | 'issued' | 'changed' | 'refunded' | 'completed' | 'cancelled';

export interface SupplierOrder {
  readonly orderId: string;
  readonly clientRef: string;
  readonly tripRef: string;
  readonly kind: OfferKind;
  readonly status: SupplierOrderStatus;
  readonly offer: Offer;
  /** What the order costs now (after a change); refunds are in `refunded`. */
  readonly amount: PriceView;
  readonly refunded?: PriceView;
  readonly payment: PaymentMode;
  /** ISO timestamp. */
  readonly updatedAt: string;
}

/** Our trip's status as pushed to the supplier (so it stops or starts servicing the trip). */
export interface TripStatusUpdate {
  readonly tripRef: string;
  readonly status: 'approved' | 'cancelled' | 'completed';
  /** ISO timestamp. */
  readonly at: string;
}

export type SupplierCallbackType = 'order.issued' | 'order.changed' | 'order.refunded' | 'order.completed' | 'order.cancelled';

/** A signed callback from the supplier about one order. `eventId` is unique per callback (retries repeat it). */
export interface SupplierCallback {
  readonly eventId: string;
  readonly type: SupplierCallbackType;
  readonly order: SupplierOrder;
  /** ISO timestamp. */
  readonly at: string;
}

/**
 * A travel supplier. Every method may throw on transport failure (the outbox retries); a refusal the supplier states
 * (sold out, unknown order) is thrown as SupplierRefusal so callers can tell it from a network error.
 */
export interface TravelSupplier {
  search(q: OfferQuery): Promise<Offer[]>;
  book(r: BookingRequest): Promise<SupplierOrder>;
  cancel(orderId: string, clientRef: string): Promise<SupplierOrder>;
  fetchOrder(orderId: string): Promise<SupplierOrder>;
  pushTripStatus(u: TripStatusUpdate): Promise<void>;
  /** The settlement statement (对账单) of one month, 'YYYY-MM': every line the supplier bills the company account for. */
  fetchSettlement(month: string): Promise<SupplierStatement>;
}

/** What a statement line bills: the ticket (or room), a change fee, or a refund credited back. */
export type SettlementLineKind = 'ticket' | 'change_fee' | 'refund';

/**
 * One line of a supplier's settlement statement. `amount` is never negative: a `refund` line is a credit (it lowers
 * what is owed), every other kind a charge.
 */
export interface SettlementLine {
  /** The supplier's id of this line, unique within its statements. */
  readonly lineId: string;
  /** The supplier's order id (SO000123). */
  readonly supplierOrderRef: string;
  /** Our booking reference as the supplier recorded it (the clientRef we booked under). */
  readonly clientRef: string;
  readonly kind: SettlementLineKind;
  readonly amount: PriceView;
  /** 'YYYY-MM-DD': when the service was used (travel day, check-in) or the fee or refund arose. */
  readonly date: string;
}

/** A month's statement as the supplier sends it. */
export interface SupplierStatement {
  readonly month: string;
  readonly lines: readonly SettlementLine[];
}

/** A refusal stated by the supplier (4xx with a code), as opposed to a transport failure worth retrying. */
export class SupplierRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'SupplierRefusal';
  }
}
