// Public surface of the payment module: accounts and payees (and the chat form that sets them), payment runs, bank
// reason texts, bank statements (camt.053/054) with their checks, and pain.002 status reports.
export * from './account.js';
export * from './payee.js';
export * from './payee-form.js';
export * from './payment-run.js';
export * from './bank-reasons.js';
export {
  checkStatement,
  checkStatementTotals,
  addToTotals,
  bookedTotals,
  emptyTotals,
  type BookedTotals,
  isBooked,
  signedMinor,
  type BankStatement,
  type Counterparty,
  type CreditDebit,
  type Entry,
  type EntryStatus,
  type StatementAccount,
  type StatementBalance,
  type StatementCheckCode,
  type StatementCheckFailure,
  type StatementHeader,
  type StatementKind,
  type TxDetail,
} from './statement.js';
export type { PaymentInformationStatus, PaymentStatusReport, StatusReason, TransactionStatus } from './status-report.js';
