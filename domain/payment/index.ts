// Public surface of the payment module: bank statements (camt.053/054), their checks, and pain.002 status reports.
export {
  checkStatement,
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
