// Vouchers: debits equal credits in every voucher and currency (property-tested over random claims), expense split
// over cost centres to the minor unit, input VAT only from special invoices, a missing mapping refuses the whole
// voucher, and the payment vouchers and CSV the ERP imports.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyExponent } from '../../../domain/money/index.js';
import {
  bankFeeVoucher,
  ChartOfAccountsSchema,
  DEFAULT_CHART,
  fxDifferenceVoucher,
  imbalance,
  paymentRejectedVoucher,
  paymentReturnedVoucher,
  paymentSettledVoucher,
  paymentSubmittedVoucher,
  reimbursementVoucher,
  voucherNumber,
  vouchersCsv,
  type ReimbursementBooking,
} from '../../../domain/voucher/index.js';

const claim = (over: Partial<ReimbursementBooking> = {}): ReimbursementBooking => ({
  reimbursementId: 'rb_1',
  number: 'RB-0001',
  date: '2026-12-03',
  currency: 'CNY',
  lines: [
    { category: 'hotel', amountMinor: 106_000, deductibleVatMinor: 6_000, paidBy: 'personal' },
    { category: 'train', amountMinor: 55_300, deductibleVatMinor: 0, paidBy: 'company' },
    { category: 'meal', amountMinor: 12_800, deductibleVatMinor: 0, paidBy: 'personal' },
  ],
  allocations: [
    { departmentId: 'd_sales', amountMinor: 174_100 * 0.6 },
    { departmentId: 'd_rnd', projectId: 'p_x', amountMinor: 174_100 * 0.4 },
  ],
  advanceOffsetMinor: 50_000,
  payableMinor: 106_000 + 12_800 - 50_000,
  ...over,
});

describe('the voucher of an approved reimbursement', () => {
  it('debits expenses net of deductible VAT per category and cost centre, and input VAT; credits payable, advance and company-paid', () => {
    const v = reimbursementVoucher(DEFAULT_CHART, claim());
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    const by = (account: string, side: 'debitMinor' | 'creditMinor') => v.value.lines.filter((l) => l.account === account).reduce((s, l) => s + l[side], 0);
    expect(by('660201', 'debitMinor')).toBe(100_000 + 55_300); // hotel net + train
    expect(by('660203', 'debitMinor')).toBe(12_800);
    expect(by('22210101', 'debitMinor')).toBe(6_000);
    expect(by('122101', 'creditMinor')).toBe(50_000);
    expect(by('224101', 'creditMinor')).toBe(68_800);
    expect(by('220201', 'creditMinor')).toBe(55_300);
    // The hotel's net 1,000.00 split 60 / 40 over the two cost centres, the project kept.
    expect(v.value.lines.filter((l) => l.memo.endsWith('hotel')).map((l) => [l.costCentre, l.project, l.debitMinor])).toEqual([
      ['d_sales', undefined, 60_000],
      ['d_rnd', 'p_x', 40_000],
    ]);
    expect([...imbalance(v.value.lines).values()]).toEqual([0]);
  });

  it('refuses the whole voucher when a category has no account, naming it', () => {
    const chart = ChartOfAccountsSchema.parse({ ...DEFAULT_CHART, expense: { byCategory: { hotel: '6602' } } });
    const v = reimbursementVoucher(chart, claim());
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.error).toMatchObject({ code: 'VOUCHER.MAPPING_MISSING', details: { category: 'meal', departmentId: 'd_sales' } });
  });

  it('balances in every currency for any claim: random lines, VAT, cost splits, offsets (property)', () => {
    const line = fc.record({
      category: fc.constantFrom('flight', 'hotel', 'meal', 'transport', 'office', 'other'),
      amountMinor: fc.integer({ min: 1, max: 5_000_000 }),
      vatShare: fc.integer({ min: 0, max: 13 }),
      paidBy: fc.constantFrom('personal' as const, 'company' as const),
    });
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 100 }),
        fc.constantFrom('CNY', 'JPY', 'USD', 'BHD'),
        (raw, weights, offsetPct, currency) => {
          const lines = raw.map((l) => ({ category: l.category, amountMinor: l.amountMinor, deductibleVatMinor: Math.floor((l.amountMinor * l.vatShare) / 113), paidBy: l.paidBy }));
          const total = lines.reduce((s, l) => s + l.amountMinor, 0);
          const personal = lines.filter((l) => l.paidBy === 'personal').reduce((s, l) => s + l.amountMinor, 0);
          const offset = Math.floor((personal * offsetPct) / 100);
          const v = reimbursementVoucher(DEFAULT_CHART, claim({ currency, lines, allocations: weights.map((w, i) => ({ departmentId: `d${i}`, amountMinor: w })), advanceOffsetMinor: offset, payableMinor: personal - offset }));
          if (!v.ok) return false;
          const debits = v.value.lines.reduce((s, l) => s + l.debitMinor, 0);
          return debits === total && [...imbalance(v.value.lines).values()].every((d) => d === 0) && v.value.lines.every((l) => (l.debitMinor > 0) !== (l.creditMinor > 0) && l.currency === currency);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('payment vouchers, numbering and the ERP file', () => {
  const p = { paymentId: 'pay_1', endToEndId: 'E2E-1', date: '2026-12-04', amountMinor: 68_800, currency: 'CNY', bankAccountId: 'CN 6222 0212 3456 7890' };
  const chart = ChartOfAccountsSchema.parse({ ...DEFAULT_CHART, bank: { default: '100201', byAccount: { CN6222021234567890: '100202' } } });

  it('books submitted, settled, returned, fees and FX differences, each balanced', () => {
    const vs = [paymentSubmittedVoucher(chart, p), paymentSettledVoucher(chart, p), paymentReturnedVoucher(chart, { ...p, reason: 'AC04' }), paymentRejectedVoucher(chart, { ...p, reason: 'AC04' }), bankFeeVoucher(chart, { lineId: 'l1', date: p.date, amountMinor: 1_500, currency: 'CNY', text: 'SEPA fee' }), fxDifferenceVoucher(chart, { paymentId: 'pay_1', date: p.date, differenceMinor: -37, currency: 'CNY' })];
    for (const v of vs) {
      expect(v.ok).toBe(true);
      if (v.ok) expect([...imbalance(v.value.lines).values()]).toEqual([0]);
    }
    const [submitted, settled, returned, rejected] = vs.map((v) => (v.ok ? v.value.lines.map((l) => [l.account, l.debitMinor, l.creditMinor]) : []));
    expect(submitted).toEqual([['224101', 68_800, 0], ['101201', 0, 68_800]]);
    expect(settled).toEqual([['101201', 68_800, 0], ['100202', 0, 68_800]]); // the payment's own bank account
    expect(returned).toEqual([['100202', 68_800, 0], ['224101', 0, 68_800]]);
    expect(rejected).toEqual([['101201', 68_800, 0], ['224101', 0, 68_800]]); // the submission reversed
    expect(paymentSubmittedVoucher(chart, { ...p, amountMinor: 0 }).ok).toBe(false);
  });

  it('numbers vouchers per month and writes the CSV the ERP imports', () => {
    expect(voucherNumber('2026-12-04', 7)).toBe('2026-12-0007');
    const v = paymentSubmittedVoucher(chart, p);
    if (!v.ok) throw new Error('expected a voucher');
    const csv = vouchersCsv([{ ...v.value, number: voucherNumber(v.value.date, 1) }], (c) => currencyExponent(c) ?? 2);
    expect(csv).toBe(
      'number,date,kind,source_type,source_id,line,account,debit,credit,currency,cost_centre,project,memo\n' +
        '2026-12-0001,2026-12-04,payment_submitted,payment,pay_1,1,224101,688.00,0.00,CNY,,,付款 E2E-1\n' +
        '2026-12-0001,2026-12-04,payment_submitted,payment,pay_1,2,101201,0.00,688.00,CNY,,,付款 E2E-1\n',
    );
  });
});
