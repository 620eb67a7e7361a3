// The ledger's pure parts: attributing a claim's lines to its visits (exact, by estimate), statistics, and CSV.
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { attributeClaimToVisits, csvField, monthsSpanned, receptionStats, receptionTypeOfLine, toCsv, type ClaimLine, type LedgerEntry } from '../../../domain/reception/index.js';

const line = (id: string, category: string, amountMinor: number, applicationId: string | null = null, invoiceId: string | null = null): ClaimLine => ({ id, category, amountMinor, currency: 'CNY', applicationId, invoiceId });

describe('attributing a claim to its visits', () => {
  const visits = [
    { visitId: 'v1', requestId: 'r1', estimateMinor: 20_000 },
    { visitId: 'v2', requestId: 'r2', estimateMinor: 10_000 },
  ];

  it('gives a tagged line wholly to its visit, splits an untagged reception line by estimate, and leaves out the rest', () => {
    const r = attributeClaimToVisits([line('a', 'meal', 30_001, null, 'inv1'), line('b', 'transport', 5_000, 'r2'), line('c', 'flight', 90_000, 'trip1'), line('d', 'office', 700), line('e', 'office', 300, 'r1')], visits, 'CNY');
    expect(r.ok && r.value).toEqual([
      { visitId: 'v1', requestId: 'r1', attributedMinor: 20_301, currency: 'CNY', actual: { meal: 20_001, visit: 300 }, pieces: [{ lineId: 'a', minor: 20_001, type: 'meal' }, { lineId: 'e', minor: 300, type: 'visit' }], invoiceIds: ['inv1'] },
      { visitId: 'v2', requestId: 'r2', attributedMinor: 15_000, currency: 'CNY', actual: { meal: 10_000, transport: 5_000 }, pieces: [{ lineId: 'a', minor: 10_000, type: 'meal' }, { lineId: 'b', minor: 5_000, type: 'transport' }], invoiceIds: ['inv1'] },
    ]);
  });

  it('splits equally when no visit has an estimate, and refuses a line in another currency', () => {
    const r = attributeClaimToVisits([line('a', 'hospitality', 101)], visits.map((v) => ({ ...v, estimateMinor: 0 })), 'CNY');
    expect(r.ok && r.value.map((v) => v.attributedMinor)).toEqual([51, 50]);
    const usd = attributeClaimToVisits([{ ...line('a', 'meal', 100), currency: 'USD' }], visits, 'CNY');
    expect(!usd.ok && usd.error.code).toBe('REIMBURSEMENT.INVALID');
  });

  it('splits a line tagged to a recurring visit’s request across its occurrences by estimate, exactly', () => {
    const occurrences = [1, 2, 3].map((n) => ({ visitId: `v${n}`, requestId: 'rs', estimateMinor: 10_000 }));
    const r = attributeClaimToVisits([line('a', 'meal', 10_001, 'rs')], [...occurrences, { visitId: 'w', requestId: 'r2', estimateMinor: 10_000 }], 'CNY');
    expect(r.ok && r.value.map((v) => [v.visitId, v.attributedMinor])).toEqual([['v1', 3_334], ['v2', 3_334], ['v3', 3_333], ['w', 0]]);
    expect(r.ok && r.value.slice(0, 3).every((v) => v.pieces.length === 1 && v.pieces[0]!.type === 'meal')).toBe(true);
  });

  it('never loses or invents a fen: the visits carry exactly the reception lines', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 5 }), fc.array(fc.tuple(fc.constantFrom('meal', 'hospitality', 'lodging', 'office'), fc.integer({ min: 1, max: 10_000_000 })), { minLength: 1, maxLength: 8 }), (estimates, ls) => {
        const vs = estimates.map((e, i) => ({ visitId: `v${i}`, requestId: `r${i}`, estimateMinor: e }));
        const lines = ls.map(([c, m], i) => line(`l${i}`, c, m));
        const r = attributeClaimToVisits(lines, vs, 'CNY');
        if (!r.ok) return false;
        const reception = lines.filter((l) => receptionTypeOfLine(l.category, false)).reduce((s, l) => s + l.amountMinor, 0);
        return r.value.reduce((s, v) => s + v.attributedMinor, 0) === reception && r.value.every((v) => v.pieces.every((p) => p.minor > 0));
      }),
    );
  });
});

describe('statistics', () => {
  const entry = (company: string | null, month: string, estimate: number, cost: number | null, settled = true): LedgerEntry =>
    ({ company, month, date: `${month}-05`, department: { id: 'd1', name: 'Sales' }, visitorCount: 2, estimate: { byType: {}, total: { minor: estimate, currency: 'CNY' } }, actual: cost === null ? null : { byType: {}, total: { minor: cost, currency: 'CNY' }, settled } }) as unknown as LedgerEntry;

  it('counts visits per month over the period and the cost per costed visit, rounded half up', () => {
    const rows = receptionStats([entry('A', '2026-01', 100, 101), entry('A', '2026-02', 100, 100), entry('A', '2026-03', 100, 500, false), entry(null, '2026-03', 0, null)], 'company', { from: '2026-01-01', to: '2026-04-30' });
    expect(rows).toEqual([
      { key: 'A', label: 'A', currency: 'CNY', visits: 3, visitors: 6, perMonth: 0.75, estimate: { minor: 300, currency: 'CNY' }, cost: { minor: 201, currency: 'CNY' }, costedVisits: 2, costPerVisit: { minor: 101, currency: 'CNY' } },
      { key: '', label: '', currency: 'CNY', visits: 1, visitors: 2, perMonth: 0.25, estimate: { minor: 0, currency: 'CNY' }, cost: { minor: 0, currency: 'CNY' }, costedVisits: 0, costPerVisit: null },
    ]);
    expect(receptionStats([entry('A', '2026-02', 1, null), entry('B', '2026-01', 1, null)], 'month', { from: '2026-01-01', to: '2026-02-28' }).map((r) => [r.key, r.perMonth])).toEqual([
      ['2026-01', 1],
      ['2026-02', 1],
    ]);
    expect([monthsSpanned('2026-01-31', '2026-01-31'), monthsSpanned('2025-12-01', '2026-02-01')]).toEqual([1, 3]);
  });
});

describe('CSV', () => {
  it('quotes as RFC 4180 says and neutralises what a spreadsheet would run as a formula', () => {
    expect(['plain', 'a,b', 'say "hi"', 'two\nlines', '=1+1', '+1', '-1', '@A1', '\tx', 'a=b', '', null, 12.5, -3].map(csvField)).toEqual([
      'plain', '"a,b"', '"say ""hi"""', '"two\nlines"', "'=1+1", "'+1", "'-1", "'@A1", "'\tx", 'a=b', '', '', '12.5', '-3',
    ]);
    const text = toCsv(['a', 'b'], [['=cmd|"/c calc"!A1', 'x,y']]);
    expect(text).toBe(`a,b\r\n"'=cmd|""/c calc""!A1","x,y"\r\n`);
    expect(parse(text, { columns: true })).toEqual([{ a: `'=cmd|"/c calc"!A1`, b: 'x,y' }]);
  });
});
