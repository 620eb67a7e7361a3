// Public surface of the travel policy.
export * from './travel.types.js';
export * from './travel-rules.js';
export { allowedCabin, allowedSeat, estimateTrip, travelAllowances, tripDays, tripNights, type Allowances, type TripEstimate } from './allowances.js';
export { hotelCapFor, perDiemFor } from './rate-rules.js';
