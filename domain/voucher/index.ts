export { bankAccount, ChartOfAccountsSchema, DEFAULT_CHART, expenseAccount, type ChartOfAccounts } from './chart.js';
export {
  bankFeeVoucher,
  fxDifferenceVoucher,
  imbalance,
  paymentRejectedVoucher,
  paymentReturnedVoucher,
  paymentSettledVoucher,
  paymentSubmittedVoucher,
  reimbursementVoucher,
  voucherNumber,
  vouchersCsv,
  type ClaimLine,
  type PaymentBooking,
  type ReimbursementBooking,
  type VoucherDraft,
  type VoucherKind,
  type VoucherLine,
} from './voucher.js';
