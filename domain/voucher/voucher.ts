// Double-entry vouchers (记账凭证) for what the spend flows book: an approved reimbursement, a payment sent to the
// bank, a payment the bank booked, a bank fee, a returned payment, an FX difference. Every builder checks that debits
// equal credits in every currency before it returns; a category without an account refuses the whole voucher, so
// nothing is half-booked.
import { allocate } from '../money/index.js';
import { domainError, err, ok, type Result } from '../shared/index.js';
import { bankAccount, expenseAccount, type ChartOfAccounts } from './chart.js';

export type VoucherKind = 'reimbursement_approved' | 'payment_submitted' | 'payment_rejected' | 'payment_settled' | 'bank_fee' | 'payment_returned' | 'fx_difference';

export interface VoucherLine {
  readonly account: string;
  /** Exactly one of debit and credit is above zero. */
  readonly debitMinor: number;
  readonly creditMinor: number;
  readonly currency: string;
  /** The department (cost centre) an expense is booked to, and the project where the claim named one. */
  readonly costCentre?: string;
  readonly project?: string;
  readonly memo: string;
}

export interface VoucherDraft {
  readonly kind: VoucherKind;
  /** What the voucher books: the reimbursement, payment or statement line; one voucher per source and kind. */
  readonly source: { readonly type: string; readonly id: string };
  /** The accounting date (YYYY-MM-DD); its month is the voucher's period. */
  readonly date: string;
  readonly memo: string;
  readonly lines: readonly VoucherLine[];
}

const debit = (account: string, minor: number, currency: string, memo: string, extra: Partial<VoucherLine> = {}): VoucherLine => ({ account, debitMinor: minor, creditMinor: 0, currency, memo, ...extra });
const credit = (account: string, minor: number, currency: string, memo: string, extra: Partial<VoucherLine> = {}): VoucherLine => ({ account, debitMinor: 0, creditMinor: minor, currency, memo, ...extra });

/** Debits minus credits per currency: all zero for a balanced voucher. */
export function imbalance(lines: readonly VoucherLine[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of lines) out.set(l.currency, (out.get(l.currency) ?? 0) + l.debitMinor - l.creditMinor);
  return out;
}

/** Drops zero lines and checks the voucher: each line one-sided and non-negative, debits equal to credits per currency. */
function finish(draft: Omit<VoucherDraft, 'lines'> & { lines: VoucherLine[] }): Result<VoucherDraft> {
  const lines = draft.lines.filter((l) => l.debitMinor !== 0 || l.creditMinor !== 0);
  for (const l of lines) {
    if (!Number.isSafeInteger(l.debitMinor) || !Number.isSafeInteger(l.creditMinor) || l.debitMinor < 0 || l.creditMinor < 0 || (l.debitMinor > 0 && l.creditMinor > 0)) {
      return err(domainError('VOUCHER.UNBALANCED', `voucher for ${draft.source.type} ${draft.source.id}: line ${l.account} must be a debit or a credit of a positive whole amount`, { account: l.account }));
    }
  }
  for (const [currency, diff] of imbalance(lines)) {
    if (diff !== 0) return err(domainError('VOUCHER.UNBALANCED', `voucher for ${draft.source.type} ${draft.source.id}: debits and credits differ by ${diff} minor units of ${currency}`, { currency, diffMinor: diff }));
  }
  if (lines.length < 2) return err(domainError('VOUCHER.UNBALANCED', `voucher for ${draft.source.type} ${draft.source.id} has nothing to book`));
  return ok({ ...draft, lines });
}

/** One expense line of a claim as the books see it. */
export interface ClaimLine {
  readonly category: string;
  /** The gross amount claimed (价税合计). */
  readonly amountMinor: number;
  /** Deductible input VAT: the tax of a special VAT invoice (专票) attached to the line; 0 otherwise. */
  readonly deductibleVatMinor: number;
  readonly paidBy: 'personal' | 'company';
}

export interface ReimbursementBooking {
  readonly reimbursementId: string;
  readonly number?: string;
  readonly date: string;
  readonly currency: string;
  readonly lines: readonly ClaimLine[];
  /** The cost split (as the settlement made it): amounts per department / project adding up to the claim total. */
  readonly allocations: readonly { readonly departmentId: string; readonly projectId?: string; readonly amountMinor: number }[];
  readonly advanceOffsetMinor: number;
  /** What is owed to the employee after the offsets. */
  readonly payableMinor: number;
}

/**
 * An approved reimbursement: debit the expense accounts (net of deductible VAT) per category, split over the cost
 * centres as the claim's allocation splits its total, and input VAT where a special invoice carries it; credit the
 * employee payable, the advances it offsets, and what the company paid directly.
 */
export function reimbursementVoucher(chart: ChartOfAccounts, b: ReimbursementBooking): Result<VoucherDraft> {
  const memo = `报销 ${b.number ?? b.reimbursementId}`;
  const total = b.lines.reduce((s, l) => s + l.amountMinor, 0);
  const vat = b.lines.reduce((s, l) => s + l.deductibleVatMinor, 0);
  if (b.lines.some((l) => l.deductibleVatMinor < 0 || l.deductibleVatMinor > l.amountMinor)) {
    return err(domainError('VOUCHER.UNBALANCED', `reimbursement ${b.reimbursementId}: deductible VAT must be between 0 and the line's amount`));
  }
  const netByCategory = new Map<string, number>();
  for (const l of b.lines) netByCategory.set(l.category, (netByCategory.get(l.category) ?? 0) + l.amountMinor - l.deductibleVatMinor);
  const shares = b.allocations.length > 0 ? b.allocations : [];
  if (shares.length === 0) return err(domainError('VOUCHER.UNBALANCED', `reimbursement ${b.reimbursementId}: no cost centre to book to`));
  const lines: VoucherLine[] = [];
  for (const [category, net] of [...netByCategory].sort(([a], [b2]) => a.localeCompare(b2))) {
    // Each category's net cost is split over the cost centres in the claim's proportions, to the minor unit.
    const parts = allocate({ minor: net, currency: b.currency }, shares.map((s) => s.amountMinor));
    if (!parts.ok) return parts;
    for (const [i, part] of parts.value.entries()) {
      const s = shares[i]!;
      const account = expenseAccount(chart, category, s.departmentId);
      if (!account.ok) return account;
      lines.push(debit(account.value, part.minor, b.currency, `${memo} ${category}`, { costCentre: s.departmentId, ...(s.projectId ? { project: s.projectId } : {}) }));
    }
  }
  lines.push(debit(chart.inputVat, vat, b.currency, `${memo} 进项税额`));
  const company = b.lines.filter((l) => l.paidBy === 'company').reduce((s, l) => s + l.amountMinor, 0);
  lines.push(credit(chart.employeeAdvances, b.advanceOffsetMinor, b.currency, `${memo} 冲销借款`));
  lines.push(credit(chart.employeePayable, b.payableMinor, b.currency, `${memo} 应付员工`));
  lines.push(credit(chart.companyPaid, company, b.currency, `${memo} 公司支付`));
  if (company + b.advanceOffsetMinor + b.payableMinor !== total) {
    return err(domainError('VOUCHER.UNBALANCED', `reimbursement ${b.reimbursementId}: payable ${b.payableMinor} + offsets ${b.advanceOffsetMinor} + company-paid ${company} is not the total ${total}`));
  }
  return finish({ kind: 'reimbursement_approved', source: { type: 'reimbursement', id: b.reimbursementId }, date: b.date, memo, lines });
}

export interface PaymentBooking {
  readonly paymentId: string;
  readonly endToEndId: string;
  readonly date: string;
  readonly amountMinor: number;
  readonly currency: string;
  /** Our bank account the money leaves (IBAN or number). */
  readonly bankAccountId?: string;
}

/** A payment sent to the bank: the payable is cleared into money in transit. */
export function paymentSubmittedVoucher(chart: ChartOfAccounts, p: PaymentBooking): Result<VoucherDraft> {
  const memo = `付款 ${p.endToEndId}`;
  return finish({
    kind: 'payment_submitted',
    source: { type: 'payment', id: p.paymentId },
    date: p.date,
    memo,
    lines: [debit(chart.employeePayable, p.amountMinor, p.currency, memo), credit(chart.inTransit, p.amountMinor, p.currency, memo)],
  });
}

/** The bank refused a payment it had taken: what was in transit is owed to the employee again (the submission reversed). */
export function paymentRejectedVoucher(chart: ChartOfAccounts, p: PaymentBooking & { reason?: string }): Result<VoucherDraft> {
  const memo = `银行拒绝 ${p.endToEndId}${p.reason ? ` ${p.reason}` : ''}`;
  return finish({
    kind: 'payment_rejected',
    source: { type: 'payment', id: p.paymentId },
    date: p.date,
    memo,
    lines: [debit(chart.inTransit, p.amountMinor, p.currency, memo), credit(chart.employeePayable, p.amountMinor, p.currency, memo)],
  });
}

/** The bank booked the payment: money in transit leaves the bank account. */
export function paymentSettledVoucher(chart: ChartOfAccounts, p: PaymentBooking): Result<VoucherDraft> {
  const memo = `银行付款 ${p.endToEndId}`;
  return finish({
    kind: 'payment_settled',
    source: { type: 'payment', id: p.paymentId },
    date: p.date,
    memo,
    lines: [debit(chart.inTransit, p.amountMinor, p.currency, memo), credit(bankAccount(chart, p.bankAccountId), p.amountMinor, p.currency, memo)],
  });
}

/**
 * The payment came back: the bank account gets it back and the employee is owed it again (the payable reopens), as
 * the reversal of the submitted and settled vouchers together.
 */
export function paymentReturnedVoucher(chart: ChartOfAccounts, p: PaymentBooking & { reason?: string }): Result<VoucherDraft> {
  const memo = `退票 ${p.endToEndId}${p.reason ? ` ${p.reason}` : ''}`;
  return finish({
    kind: 'payment_returned',
    source: { type: 'payment', id: p.paymentId },
    date: p.date,
    memo,
    lines: [debit(bankAccount(chart, p.bankAccountId), p.amountMinor, p.currency, memo), credit(chart.employeePayable, p.amountMinor, p.currency, memo)],
  });
}

/** A bank fee on the statement. */
export function bankFeeVoucher(chart: ChartOfAccounts, f: FeeBooking): Result<VoucherDraft> {
  const memo = `银行手续费${f.text ? ` ${f.text.slice(0, 60)}` : ''}`;
  return finish({
    kind: 'bank_fee',
    source: { type: 'statement_line', id: f.lineId },
    date: f.date,
    memo,
    lines: [debit(chart.fees, f.amountMinor, f.currency, memo), credit(bankAccount(chart, f.bankAccountId), f.amountMinor, f.currency, memo)],
  });
}

/**
 * The bank booked a payment at another amount of the book currency than was in transit (a conversion at the day's
 * rate): the difference goes to FX differences. `differenceMinor` > 0: the bank took more (a loss).
 */
export function fxDifferenceVoucher(chart: ChartOfAccounts, d: { paymentId: string; date: string; differenceMinor: number; currency: string; bankAccountId?: string }): Result<VoucherDraft> {
  const memo = `汇兑差额 ${d.paymentId}`;
  const bank = bankAccount(chart, d.bankAccountId);
  const m = Math.abs(d.differenceMinor);
  const lines = d.differenceMinor > 0 ? [debit(chart.fxDifferences, m, d.currency, memo), credit(bank, m, d.currency, memo)] : [debit(bank, m, d.currency, memo), credit(chart.fxDifferences, m, d.currency, memo)];
  return finish({ kind: 'fx_difference', source: { type: 'payment', id: d.paymentId }, date: d.date, memo, lines });
}

/** The voucher's number in its organisation and month: 2026-12-0007 (numbers are given without gaps, in order). */
/** A bank fee's booking: the statement line it was taken on. */
export interface FeeBooking {
  readonly lineId: string;
  readonly date: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly bankAccountId?: string;
  readonly text?: string;
}

/** What a voucher is built from, by kind: kept with the voucher, so one that waits can be built again with a new chart. */
export type VoucherInput =
  | { readonly kind: 'reimbursement_approved'; readonly booking: ReimbursementBooking }
  | { readonly kind: 'payment_submitted' | 'payment_settled'; readonly booking: PaymentBooking }
  | { readonly kind: 'payment_rejected' | 'payment_returned'; readonly booking: PaymentBooking & { readonly reason?: string } }
  | { readonly kind: 'bank_fee'; readonly booking: FeeBooking }
  | { readonly kind: 'fx_difference'; readonly booking: Parameters<typeof fxDifferenceVoucher>[1] };

/** The voucher `input` makes with `chart` (VOUCHER.MAPPING_MISSING when the chart lacks an account it needs). */
export function buildVoucher(chart: ChartOfAccounts, input: VoucherInput): Result<VoucherDraft> {
  switch (input.kind) {
    case 'reimbursement_approved':
      return reimbursementVoucher(chart, input.booking);
    case 'payment_submitted':
      return paymentSubmittedVoucher(chart, input.booking);
    case 'payment_settled':
      return paymentSettledVoucher(chart, input.booking);
    case 'payment_rejected':
      return paymentRejectedVoucher(chart, input.booking);
    case 'payment_returned':
      return paymentReturnedVoucher(chart, input.booking);
    case 'bank_fee':
      return bankFeeVoucher(chart, input.booking);
    case 'fx_difference':
      return fxDifferenceVoucher(chart, input.booking);
  }
}

export function voucherNumber(date: string, sequence: number): string {
  return `${date.slice(0, 7)}-${String(sequence).padStart(4, '0')}`;
}

/** The CSV the ERP imports: one row per voucher line, amounts as decimals in the line's currency. */
export function vouchersCsv(vouchers: readonly (VoucherDraft & { number: string })[], decimals: (currency: string) => number): string {
  const cell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const dec = (minor: number, currency: string) => {
    const e = decimals(currency);
    const sign = minor < 0 ? '-' : '';
    const abs = Math.abs(minor);
    return e === 0 ? `${sign}${abs}` : `${sign}${Math.floor(abs / 10 ** e)}.${String(abs % 10 ** e).padStart(e, '0')}`;
  };
  const rows = ['number,date,kind,source_type,source_id,line,account,debit,credit,currency,cost_centre,project,memo'];
  for (const v of vouchers) {
    for (const [i, l] of v.lines.entries()) {
      rows.push([v.number, v.date, v.kind, v.source.type, v.source.id, String(i + 1), l.account, dec(l.debitMinor, l.currency), dec(l.creditMinor, l.currency), l.currency, l.costCentre ?? '', l.project ?? '', l.memo].map(cell).join(','));
    }
  }
  return `${rows.join('\n')}\n`;
}
