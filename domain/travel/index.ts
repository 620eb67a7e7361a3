// Public surface of the travel module.
export * from './supplier.port.js';
export * from './order-lifecycle.js';
export * from './choose-offer.js';
export * from './city-tier.js';
export * from './settlement.js';
