export * from './account.js';
export * from './payee.js';
export * from './payment-run.js';
