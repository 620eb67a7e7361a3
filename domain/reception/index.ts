// Public surface of the reception module: visits as registered, reception standards and their check, invitation
// codes, and the SMS port with its mobile-number rules.
export * from './standards.js';
export * from './invitation.js';
export * from './visit.js';
export * from './recurrence.js';
export * from './mobile-number.js';
export * from './sms.port.js';
export * from './csv.js';
export * from './ledger.js';
export * from './visit-plan.js';
export * from './visit-details.js';
export * from './gate.js';
