// The reconciliation engine: each rule on the cases it exists for, ambiguity never guessed, every line and payment
// accounted for exactly once, and a generated statement with planted noise reconciled with no wrong match.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, reconcile, ReconciliationSettingsSchema, type OpenPayment, type StatementLine } from '../../../domain/reconciliation/index.js';

const eur = (minor: number) => ({ minor, currency: 'EUR' });
let n = 0;
const line = (over: Partial<StatementLine>): StatementLine => {
  n += 1;
  return { ref: `${n}.1`, entryIndex: n - 1, txIndex: 0, creditDebit: 'DBIT', reversal: false, counterparty: {}, texts: [], date: '2026-11-20', amount: eur(10_000), ...over };
};
const pay = (id: string, over: Partial<OpenPayment> = {}): OpenPayment => ({ id, amount: eur(10_000), date: '2026-11-19', counterparty: {}, ...over });

describe('reconciling a statement against open payments', () => {
  it('matches by EndToEndId, and only a debit of the same amount and currency', () => {
    const lines = [line({ endToEndId: 'E2E-1' }), line({ endToEndId: 'E2E-2', amount: eur(9_000) }), line({ endToEndId: 'E2E-3', creditDebit: 'CRDT' }), line({ endToEndId: 'E2E-4', amount: { minor: 10_000, currency: 'USD' } })];
    const r = reconcile(lines, [pay('p1', { endToEndId: 'E2E-1' }), pay('p2', { endToEndId: 'E2E-2' }), pay('p3', { endToEndId: 'E2E-3' }), pay('p4', { endToEndId: 'E2E-4' })]);
    expect(r.matches.filter((m) => m.kind === 'payment')).toEqual([{ lineRef: lines[0]!.ref, paymentIds: ['p1'], rule: 'endToEndId', confidence: 1, kind: 'payment' }]);
    // A credit carrying the payment's id and amount is money back for it (a return the bank gave no reason for).
    expect(r.matches.filter((m) => m.kind === 'return').map((m) => m.paymentIds)).toEqual([['p3']]);
    expect(r.suggestions).toContainEqual(expect.objectContaining({ lineRef: lines[1]!.ref, paymentIds: ['p2'], reason: 'amount_differs' }));
    expect(r.unmatchedPayments).toEqual(['p2', 'p3', 'p4']);
  });

  it('never guesses between equals: the same id twice, or one amount for several payments, is left for a person', () => {
    const twice = [line({ endToEndId: 'DUP' }), line({ endToEndId: 'DUP' })];
    const r1 = reconcile(twice, [pay('p1', { endToEndId: 'DUP' })]);
    expect(r1.matches).toEqual([]);
    expect(r1.suggestions.map((s) => s.reason)).toEqual(['ambiguous', 'ambiguous']);

    // Same amount, same name, two payments in the window: no automatic match.
    const cp = { name: 'ACME Supplies GmbH' };
    const r2 = reconcile([line({ counterparty: cp })], [pay('a', { counterparty: cp }), pay('b', { counterparty: cp })]);
    expect(r2.matches).toEqual([]);
    expect(r2.unmatchedPayments).toEqual(['a', 'b']);
  });

  it('matches by amount and counterparty within the date window: the account decides when both sides have one', () => {
    const lines = [
      line({ amount: eur(50_000), counterparty: { name: 'Nordwind', account: 'DE89 3704 0044 0532 0130 00' } }),
      line({ amount: eur(60_000), counterparty: { name: 'ACME SUPPLIES' } }),
      line({ amount: eur(70_000), counterparty: { name: 'ACME Supplies', account: 'DE02120300000000202051' } }),
      line({ amount: eur(80_000), counterparty: { name: 'Initech' }, date: '2026-12-30' }),
    ];
    const r = reconcile(lines, [
      pay('by-account', { amount: eur(50_000), counterparty: { name: 'Someone Else', account: 'DE89370400440532013000' } }),
      pay('by-name', { amount: eur(60_000), counterparty: { name: 'Acme Supplies GmbH' } }),
      pay('other-account', { amount: eur(70_000), counterparty: { name: 'ACME Supplies GmbH', account: 'DE44500105175407324931' } }),
      pay('too-late', { amount: eur(80_000), counterparty: { name: 'Initech LLC' } }),
    ]);
    expect(r.matches.map((m) => [m.paymentIds[0], m.rule])).toEqual([
      ['by-account', 'amountCounterparty'],
      ['by-name', 'amountCounterparty'],
    ]);
    expect(r.unmatchedPayments).toEqual(['other-account', 'too-late']);
  });

  it('finds the reference in the remittance text when the bank lost the EndToEndId', () => {
    const lines = [line({ texts: ['Zahlung Rechnung inv 2026 0042 danke'] }), line({ texts: ['INV-2026-00421'], amount: eur(5_000) })];
    const r = reconcile(lines, [pay('p1', { reference: 'INV-2026-0042' }), pay('p2', { reference: 'INV-2026-0042', amount: eur(5_000) })]);
    expect(r.matches.map((m) => [m.lineRef, m.paymentIds, m.rule])).toEqual([[lines[0]!.ref, ['p1'], 'reference']]);
    expect(r.unmatchedLines).toEqual([lines[1]!.ref]);
  });

  it('settles a batch booking without details in one step, by its PmtInfId or by its payments of one date', () => {
    const lines = [
      line({ amount: eur(35_000), batch: { count: 3, pmtInfId: 'PMT-7' } }),
      line({ amount: eur(30_000), batch: { count: 2 }, date: '2026-11-26' }),
    ];
    const r = reconcile(lines, [
      pay('a', { reference: 'PMT-7', amount: eur(10_000) }),
      pay('b', { reference: 'PMT-7', amount: eur(20_000) }),
      pay('c', { reference: 'PMT-7', amount: eur(5_000) }),
      pay('d', { date: '2026-11-25', amount: eur(10_000) }),
      pay('e', { date: '2026-11-25', amount: eur(20_000) }),
    ]);
    expect(r.matches.map((m) => [m.lineRef, m.paymentIds, m.rule])).toEqual([
      [lines[0]!.ref, ['a', 'b', 'c'], 'batch'],
      [lines[1]!.ref, ['d', 'e'], 'batch'],
    ]);
    expect(r.unmatchedPayments).toEqual([]);
  });

  it('links a return to its payment without settling it, and recognises fees', () => {
    const lines = [
      line({ endToEndId: 'E2E-9' }),
      line({ endToEndId: 'E2E-9', creditDebit: 'CRDT', returnReason: 'AC04' }),
      line({ amount: eur(250), texts: ['SEPA transfer fee'] }),
      line({ amount: eur(250), texts: ['Rent November'] }),
    ];
    const r = reconcile(lines, [pay('p9', { endToEndId: 'E2E-9' })]);
    expect(r.matches.map((m) => [m.lineRef, m.kind, m.rule])).toEqual([
      [lines[0]!.ref, 'payment', 'endToEndId'],
      [lines[1]!.ref, 'return', 'return'],
    ]);
    expect(r.fees).toEqual([{ lineRef: lines[2]!.ref, rule: 'fee' }]);
    expect(r.unmatchedLines).toEqual([lines[3]!.ref]);
    expect(r.unmatchedPayments).toEqual([]);
  });

  it('takes an organisation’s own rules in its order, and refuses rules that cannot work', () => {
    const onlyReference = ReconciliationSettingsSchema.parse({ rules: [{ name: 'ourInvoices', kind: 'reference', pattern: 'RE-(\\d{6})' }] });
    const r = reconcile([line({ texts: ['Rechnung RE-004711'] })], [pay('p', { reference: '004711' })], onlyReference);
    expect(r.matches.map((m) => m.rule)).toEqual(['ourInvoices']);
    expect(ReconciliationSettingsSchema.safeParse({ rules: [{ name: 'x', kind: 'reference', pattern: '(' }] }).success).toBe(false);
    expect(ReconciliationSettingsSchema.safeParse({ rules: [] }).success).toBe(false);
    expect(DEFAULT_SETTINGS.autoThreshold).toBe(0.9);
  });
});

describe('the harder cases', () => {
  it('finds a batch among other payments of its date only when exactly one set fits', () => {
    const batch = line({ amount: eur(45_000), batch: { count: 2 }, date: '2026-11-26' });
    const day = '2026-11-25';
    const unique = reconcile([batch], [pay('a', { date: day, amount: eur(15_000) }), pay('b', { date: day, amount: eur(30_000) }), pay('c', { date: day, amount: eur(7_000) })]);
    expect(unique.matches.map((m) => m.paymentIds)).toEqual([['a', 'b']]);
    // 15k + 30k, or 20k + 25k: two answers, so none.
    const two = reconcile([batch], [pay('a', { date: day, amount: eur(15_000) }), pay('b', { date: day, amount: eur(30_000) }), pay('c', { date: day, amount: eur(20_000) }), pay('d', { date: day, amount: eur(25_000) })]);
    expect(two.matches).toEqual([]);
    expect(two.suggestions.length).toBe(2);
  });

  it('settles one transfer that names several payments adding up to it', () => {
    const r = reconcile([line({ amount: eur(30_000), texts: ['Invoices INV-101, INV-102'] })], [pay('a', { reference: 'INV-101', amount: eur(10_000) }), pay('b', { reference: 'INV-102', amount: eur(20_000) })]);
    expect(r.matches.map((m) => [m.paymentIds, m.rule])).toEqual([[['a', 'b'], 'reference']]);
  });

  it('trusts our own EndToEndId even where the bank gave no amount for the transaction', () => {
    const r = reconcile([line({ endToEndId: 'E2E-77', amount: undefined })], [pay('p', { endToEndId: 'E2E-77' })]);
    expect(r.matches.map((m) => m.paymentIds)).toEqual([['p']]);
  });
});
