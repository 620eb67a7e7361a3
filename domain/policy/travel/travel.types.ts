// The facts travel rules read: the traveller's grade, the trip's dates and destination, its segments and hotel stays.
import type { Cabin, SeatClass } from '../../travel/supplier.port.js';
import type { MinorAmount } from '../policy.types.js';

export interface TravelSegmentCtx {
  readonly kind: 'flight' | 'train';
  readonly origin: string;
  readonly destination: string;
  readonly date: string;
  readonly cabin?: Cabin;
  readonly seatClass?: SeatClass;
  readonly durationMinutes?: number;
  readonly price?: MinorAmount;
}

export interface HotelStayCtx {
  readonly city: string;
  readonly checkIn: string;
  readonly checkOut: string;
  readonly nightly: MinorAmount;
}

export interface PerDiemClaimCtx {
  readonly city: string;
  readonly days: number;
  readonly claimed: MinorAmount;
}

/** Dates are 'YYYY-MM-DD'; `today` is passed in. */
export interface TravelContext {
  readonly employeeGrade: number;
  readonly today: string;
  readonly departDate: string;
  readonly returnDate: string;
  readonly destination: string;
  readonly segments: readonly TravelSegmentCtx[];
  readonly hotels: readonly HotelStayCtx[];
  readonly perDiem?: readonly PerDiemClaimCtx[];
}
