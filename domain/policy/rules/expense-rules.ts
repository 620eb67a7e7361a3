// The registry of rule kinds that apply to expense lines.
import type { ExpenseContext, RuleRegistry } from '../policy.types.js';
import { allowedCurrencies } from './allowed-currencies.js';
import { categoryCap } from './category-cap.js';
import { futureDate } from './future-date.js';
import { invoiceRequired } from './invoice-required.js';
import { staleExpense } from './stale-expense.js';
import { weekendExpense } from './weekend-expense.js';

/** Expense rule kinds by name; pass to `evaluatePolicy`, or extend with `registerRule` / object spread. */
export const expenseRules: RuleRegistry<ExpenseContext> = Object.freeze({
  category_cap: categoryCap,
  invoice_required: invoiceRequired,
  weekend_expense: weekendExpense,
  future_date: futureDate,
  stale_expense: staleExpense,
  allowed_currencies: allowedCurrencies,
});
