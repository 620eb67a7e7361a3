// Public surface of the reimbursement module.
export * from './settlement.js';
