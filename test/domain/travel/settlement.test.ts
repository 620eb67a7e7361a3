import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMonth, matchSettlement, previousMonth, type PriorSettlement, type SettlementLine, type SettlementOrder } from '../../../domain/travel/index.js';

const order = (n: number, over: Partial<SettlementOrder> = {}): SettlementOrder => ({
  id: `sord_${n}`,
  supplierOrderId: `SO${n}`,
  clientRef: `trip${n}:out`,
  status: 'completed',
  payment: 'company',
  amountMinor: 50_000,
  refundedMinor: 0,
  currency: 'CNY',
  serviceDate: '2026-11-24',
  ...over,
});
const line = (n: number, over: Partial<SettlementLine> = {}): SettlementLine => ({
  lineId: `SO${n}-T`,
  supplierOrderRef: `SO${n}`,
  clientRef: `trip${n}:out`,
  kind: 'ticket',
  amount: { minor: 50_000, currency: 'CNY' },
  date: '2026-11-24',
  ...over,
});
const run = (lines: SettlementLine[], orders: SettlementOrder[], prior: Map<string, PriorSettlement> = new Map()) => matchSettlement({ month: '2026-11', lines, orders, prior });

describe('matching a supplier statement with our orders', () => {
  it('matches a ticket, a change fee and a refund that add up to what the order finally cost', () => {
    const o = order(1, { amountMinor: 62_000, refundedMinor: 10_000 });
    const r = run([line(1), line(1, { lineId: 'SO1-C', kind: 'change_fee', amount: { minor: 12_000, currency: 'CNY' } }), line(1, { lineId: 'SO1-R', kind: 'refund', amount: { minor: 10_000, currency: 'CNY' } })], [o]);
    expect(r.exceptions).toEqual([]);
    expect(r.lines.map((l) => l.status)).toEqual(['matched', 'matched', 'matched']);
    expect(r.matched).toEqual({ CNY: 52_000 });
    expect(r.billed).toEqual({ CNY: 52_000 });
  });

  it('reports a line for an order we never booked as unknown_order, and one under another reference too', () => {
    const r = run([line(9), line(1, { clientRef: 'someone-else:out' })], [order(1)]);
    expect(r.exceptions.map((e) => e.kind)).toEqual(['unknown_order', 'unknown_order']);
    expect(r.exceptions[0]!.reason.en).toBe('order SO9 is not an order we booked');
    expect(r.exceptions[0]!.reason.zh).toContain('SO9');
    expect(r.exceptions[1]!.reason.en).toContain('booked under trip1:out');
    expect(r.exceptions[1]!.orderId).toBe('sord_1');
    expect(r.matched).toEqual({});
    expect(r.billed).toEqual({ CNY: 100_000 });
  });

  it('reports an amount that differs from the order as amount_mismatch with both figures', () => {
    const r = run([line(1, { amount: { minor: 52_000, currency: 'CNY' } }), line(2)], [order(1), order(2)]);
    expect(r.exceptions).toHaveLength(1);
    expect(r.exceptions[0]).toMatchObject({ kind: 'amount_mismatch', lineNos: [1], orderId: 'sord_1', billed: { minor: 52_000, currency: 'CNY' }, expected: { minor: 50_000, currency: 'CNY' } });
    expect(r.exceptions[0]!.reason.en).toBe('the statement bills ¥520.00 for order SO1, our order comes to ¥500.00');
    expect(r.lines.map((l) => l.status)).toEqual(['exception', 'matched']);
    expect(r.matched).toEqual({ CNY: 50_000 });
  });

  it('reports a completed company-paid order of the month that is not on the statement as missing_order', () => {
    const r = run([line(1)], [order(1), order(2, { amountMinor: 80_000 }), order(3, { serviceDate: '2026-10-30' }), order(4, { payment: 'personal' }), order(5, { status: 'cancelled' })]);
    expect(r.exceptions).toHaveLength(1);
    expect(r.exceptions[0]).toMatchObject({ kind: 'missing_order', lineNos: [], supplierOrderRef: 'SO2', orderId: 'sord_2', expected: { minor: 80_000, currency: 'CNY' } });
    expect(r.exceptions[0]!.reason.en).toBe('our completed order SO2 (¥800.00, 2026-11-24) is not on the statement');
  });

  it('does not call an order settled on an earlier statement missing', () => {
    const prior = new Map([['SO2', { matchedMinor: 50_000, lineIds: new Set(['SO2-T']), month: '2026-10' }]]);
    expect(run([], [order(2)], prior).exceptions).toEqual([]);
  });

  it('reports a line repeated on the statement (same line id, or same order, kind, amount and date) as duplicate_line', () => {
    const r = run([line(1), line(1), line(1, { lineId: 'other-id' })], [order(1)]);
    expect(r.exceptions.map((e) => [e.kind, e.lineNos])).toEqual([
      ['duplicate_line', [2]],
      ['duplicate_line', [3]],
    ]);
    expect(r.exceptions[0]!.reason.en).toBe('repeats line 1: ¥500.00 for order SO1 is billed twice');
    // The first copy still matches: the order is paid once.
    expect(r.lines[0]!.status).toBe('matched');
    expect(r.matched).toEqual({ CNY: 50_000 });
  });

  it('reports a line an earlier statement already settled as duplicate_line', () => {
    const prior = new Map([['SO1', { matchedMinor: 50_000, lineIds: new Set(['SO1-T']), month: '2026-10' }]]);
    const r = run([line(1)], [order(1)], prior);
    expect(r.exceptions).toMatchObject([{ kind: 'duplicate_line', lineNos: [1] }]);
    expect(r.exceptions[0]!.reason.en).toBe('line SO1-T was already settled on the 2026-10 statement');
  });

  it('settles a later refund of an order paid on an earlier statement as a credit', () => {
    const prior = new Map([['SO1', { matchedMinor: 50_000, lineIds: new Set(['SO1-T']), month: '2026-10' }]]);
    const r = run([line(1, { lineId: 'SO1-R', kind: 'refund', amount: { minor: 20_000, currency: 'CNY' } })], [order(1, { refundedMinor: 20_000 })], prior);
    expect(r.exceptions).toEqual([]);
    expect(r.matched).toEqual({ CNY: -20_000 });
  });

  it('reports a line in another currency than its order as currency_mismatch', () => {
    const r = run([line(1, { amount: { minor: 50_000, currency: 'USD' } })], [order(1)]);
    expect(r.exceptions).toMatchObject([{ kind: 'currency_mismatch', lineNos: [1], billed: { minor: 50_000, currency: 'USD' } }]);
    expect(r.exceptions[0]!.reason.en).toBe('order SO1 is in CNY, the statement bills it in USD');
    expect(r.matched).toEqual({});
    expect(r.billed).toEqual({ USD: 50_000 });
  });

  it('reports lines for cancelled, personally paid, failed and unfinished orders as not_billable, each with its reason', () => {
    const orders = [order(1, { status: 'cancelled' }), order(2, { payment: 'personal' }), order(3, { status: 'issued' }), order(4, { status: 'failed' })];
    const r = run([line(1), line(2), line(3), line(4)], orders);
    expect(r.exceptions.map((e) => e.kind)).toEqual(['not_billable', 'not_billable', 'not_billable', 'not_billable']);
    expect(r.exceptions.map((e) => e.reason.en)).toEqual([
      'order SO1 was cancelled',
      'order SO2 was paid by the traveller, not billed to the company account',
      'order SO3 is not completed yet (issued); it is settled once completed',
      'order SO4 was never booked (the booking failed)',
    ]);
    expect(r.matched).toEqual({});
  });

  it('never counts a line twice: matched plus exception lines make up the statement, and matched never exceeds what orders owe', () => {
    const arbLine = fc.record({ n: fc.integer({ min: 1, max: 6 }), kind: fc.constantFrom('ticket' as const, 'change_fee' as const, 'refund' as const), minor: fc.integer({ min: 0, max: 100_000 }), usd: fc.boolean(), id: fc.integer({ min: 0, max: 3 }) });
    fc.assert(
      fc.property(fc.array(arbLine, { maxLength: 20 }), fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 4, maxLength: 4 }), (raw, amounts) => {
        const orders = amounts.map((a, i) => order(i + 1, { amountMinor: a }));
        const lines = raw.map((x) => line(x.n, { lineId: `L${x.n}-${x.id}`, kind: x.kind, amount: { minor: x.minor, currency: x.usd ? 'USD' : 'CNY' } }));
        const r = run(lines, orders);
        expect(r.lines).toHaveLength(lines.length);
        const inExceptions = new Set(r.exceptions.flatMap((e) => e.lineNos));
        r.lines.forEach((l) => expect(l.status === 'exception').toBe(inExceptions.has(l.lineNo)));
        const owedInAll = orders.reduce((s, o) => s + o.amountMinor, 0);
        expect(r.matched.CNY ?? 0).toBeLessThanOrEqual(owedInAll);
        expect(r.matched.USD).toBeUndefined();
      }),
    );
  });
});

describe('months', () => {
  it('knows the month before and refuses a month that does not exist', () => {
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-11')).toBe('2026-10');
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-1')).toBe(false);
    expect(isMonth('2026-09')).toBe(true);
  });
});
