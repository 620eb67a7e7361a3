// Public surface of the policy module (message formatting helpers stay private).
export * from './policy.types.js';
export * from './define-rule.js';
export * from './evaluate.js';
export { expenseRules } from './rules/expense-rules.js';
export { categoryCap, categoryCapParams } from './rules/category-cap.js';
export { invoiceRequired, invoiceRequiredParams } from './rules/invoice-required.js';
export { weekendExpense, weekendExpenseParams } from './rules/weekend-expense.js';
export { futureDate, futureDateParams } from './rules/future-date.js';
export { staleExpense, staleExpenseParams } from './rules/stale-expense.js';
export { allowedCurrencies, allowedCurrenciesParams } from './rules/allowed-currencies.js';
export * from './travel/index.js';
