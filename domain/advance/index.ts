// Public surface of the advance module.
export * from './advance.js';
