import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchTransactions, merchantSimilarity, type MatchLine, type MatchTxn } from '../../../domain/cardfeed/index.js';
import { parseCardCsv } from '../../../src/integrations/cardfeed/csv-feed.js';
import { parseCardPush } from '../../../src/integrations/cardfeed/json-feed.js';

describe('merchant similarity', () => {
  it('sees through store numbers, case and company suffixes, in Chinese and English', () => {
    expect(merchantSimilarity('STARBUCKS #1234 SHANGHAI', 'Starbucks')).toBeGreaterThan(0.8);
    expect(merchantSimilarity('DIDI*滴滴出行科技有限公司', '滴滴出行')).toBeGreaterThan(0.5);
    expect(merchantSimilarity('海底捞火锅', 'Uber Trip')).toBeLessThan(0.2);
  });
});

const line = (id: string, minor: number, date: string, merchant = '滴滴出行', employeeId = 'e1'): MatchLine => ({ id, employeeId, amountMinor: minor, currency: 'CNY', date, merchant });
const txn = (id: string, minor: number, date: string, merchant = 'DIDI 滴滴出行', employeeId?: string): MatchTxn => ({ id, amountMinor: minor, currency: 'CNY', date, merchant, ...(employeeId ? { employeeId } : {}) });

describe('matchTransactions', () => {
  it('needs the exact amount, a date inside the window and the same employee', () => {
    const lines = [line('l1', 4500, '2026-11-20'), line('l2', 4500, '2026-11-20', '滴滴出行', 'e2')];
    const r = matchTransactions([txn('t1', 4500, '2026-11-22', '滴滴出行', 'e2'), txn('t2', 4501, '2026-11-20'), txn('t3', 4500, '2026-11-30')], lines);
    expect(r.matches.map((m) => [m.txnId, m.lineId])).toEqual([['t1', 'l2']]);
    expect(r.unmatched).toEqual(['t2', 't3']);
  });
  it('takes the most alike merchant first and uses each line once; refunds match nothing', () => {
    const lines = [line('a', 9900, '2026-11-20', '星巴克'), line('b', 9900, '2026-11-20', '滴滴出行')];
    const r = matchTransactions([txn('t1', 9900, '2026-11-20', '滴滴出行科技'), txn('t2', 9900, '2026-11-21', '星巴克咖啡'), txn('t3', -9900, '2026-11-20')], lines);
    expect(Object.fromEntries(r.matches.map((m) => [m.txnId, m.lineId]))).toEqual({ t1: 'b', t2: 'a' });
    expect(r.unmatched).toEqual(['t3']);
  });
  it('compares only lines of the same amount (near-linear)', () => {
    const n = 2000;
    const lines = Array.from({ length: n }, (_, i) => line(`l${i}`, 1000 + i, '2026-11-20'));
    const txns = Array.from({ length: n }, (_, i) => txn(`t${i}`, 1000 + i, '2026-11-21'));
    const stats = { comparisons: 0 };
    const r = matchTransactions(txns, lines, { stats });
    expect(r.matches).toHaveLength(n);
    expect(stats.comparisons).toBe(n);
  });
  it('property: every match keeps the rules, nothing is used twice, and input order does not matter', () => {
    const arb = fc.array(fc.record({ minor: fc.integer({ min: 1, max: 5 }), day: fc.integer({ min: 10, max: 20 }), emp: fc.constantFrom('e1', 'e2') }), { maxLength: 30 });
    fc.assert(
      fc.property(arb, arb, (ls, ts) => {
        const lines = ls.map((l, i) => line(`l${i}`, l.minor * 100, `2026-11-${l.day}`, '滴滴出行', l.emp));
        const txns = ts.map((t, i) => txn(`t${i}`, t.minor * 100, `2026-11-${t.day}`, '滴滴', t.emp));
        const r = matchTransactions(txns, lines);
        const byId = (id: string) => lines.find((l) => l.id === id)!;
        for (const m of r.matches) {
          const t = txns.find((x) => x.id === m.txnId)!;
          const l = byId(m.lineId);
          expect(l.amountMinor).toBe(t.amountMinor);
          expect(l.employeeId).toBe(t.employeeId);
          expect(Math.abs(Date.parse(l.date) - Date.parse(t.date)) / 86_400_000).toBeLessThanOrEqual(3);
        }
        expect(new Set(r.matches.map((m) => m.lineId)).size).toBe(r.matches.length);
        const reversed = matchTransactions([...txns].reverse(), [...lines].reverse());
        expect(reversed.matches).toEqual(r.matches);
      }),
    );
  });
});

describe('card feed files', () => {
  it('reads a Chinese bank export with a BOM and reports malformed rows by row and field', () => {
    const csv = '\ufeff交易流水号,交易日期,记账日期,金额,币种,商户名称,卡号后四位,员工\n' +
      'T1,2026-11-20,2026-11-21,"1,234.50",CNY,滴滴出行,6222021234561234,e_zhangwei\n' +
      'T2,2026/11/21,,(12.30),CNY,星巴克,1234,\n' +
      'T3,2026-13-01,,10.00,CNY,全家,,\n' +
      'T4,2026-11-21,,10.001,CNY,全家,,\n' +
      'T5,2026-11-21,,10.00,XYZ,全家,,\n' +
      'T1,2026-11-21,,10.00,CNY,重复,,\n' +
      'T7,2026-11-21,,500,JPY,,,\n';
    const r = parseCardCsv(csv, { provider: 'icbc' });
    expect(r.rows.map((x) => [x.externalId, x.amount.minor, x.amount.currency])).toEqual([['T1', 123_450, 'CNY'], ['T2', -1_230, 'CNY']]);
    expect(r.rows[0]).toMatchObject({ cardLast4: '1234', employeeRef: 'e_zhangwei', postedDate: '2026-11-21' });
    expect(r.errors.map((e) => [e.row, e.field])).toEqual([[3, 'transactionDate'], [4, 'amount'], [5, 'currency'], [6, 'id'], [7, 'merchant']]);
  });
  it('names the missing columns of a file it cannot read', () => {
    expect(parseCardCsv('foo,bar\n1,2\n', { provider: 'x' }).errors[0]).toMatchObject({ row: 0 });
    expect(parseCardCsv('foo,bar\n1,2\n', { provider: 'x' }).errors[0]!.message).toContain('id, transactionDate, amount, merchant');
  });
  it('checks each pushed transaction on its own', () => {
    const r = parseCardPush({ provider: 'pingpong', transactions: [{ id: 'a', amount: '45.00', currency: 'CNY', transactionDate: '2026-11-20', merchant: '滴滴' }, { id: 'b', amountMinor: 5, currency: 'CNY', transactionDate: 'yesterday', merchant: 'x' }, { id: 'c', currency: 'CNY', transactionDate: '2026-11-20', merchant: 'x' }] });
    expect(r.rows.map((x) => x.externalId)).toEqual(['a']);
    expect(r.errors.map((e) => [e.row, e.field])).toEqual([[2, 'transactionDate'], [3, 'amount']]);
    expect(parseCardPush({ nope: 1 }).errors[0]!.row).toBe(0);
  });
});

describe('matchTransactions at scale', () => {
  it('stays linear when many people spend the same amount (a thousand ¥45 taxi rides)', () => {
    const people = Array.from({ length: 500 }, (_, i) => `e${i}`);
    const lines = people.flatMap((e) => [line(`${e}-a`, 4500, '2026-11-20', '滴滴出行', e), line(`${e}-b`, 4500, '2026-11-21', '滴滴出行', e)]);
    const txns = people.flatMap((e) => [txn(`${e}-1`, 4500, '2026-11-20', '滴滴出行', e), txn(`${e}-2`, 4500, '2026-11-21', '滴滴出行', e)]);
    const stats = { comparisons: 0 };
    const r = matchTransactions(txns, lines, { stats });
    expect(r.matches).toHaveLength(1000);
    expect(stats.comparisons).toBe(2000); // each transaction looks at its cardholder's two lines only
    expect(r.matches.every((m) => m.txnId.split('-')[0] === m.lineId.split('-')[0])).toBe(true);
  });
});
