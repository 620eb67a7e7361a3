// Public surface of the expense module.
export * from './expense-line.js';
