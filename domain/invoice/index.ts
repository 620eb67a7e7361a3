// Public surface of the invoice module.
export * from './invoice.js';
