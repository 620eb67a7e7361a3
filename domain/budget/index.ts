// Public surface of the budget module.
export * from './budget.types.js';
export * from './budget-ledger.js';
export * from './period.js';
