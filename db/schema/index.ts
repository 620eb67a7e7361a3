export * from './org.js';
export * from './approval.js';
export * from './budget.js';
export * from './infra.js';
export * from './chat.js';
export * from './spend.js';
export * from './payments.js';
export * from './settlement.js';
