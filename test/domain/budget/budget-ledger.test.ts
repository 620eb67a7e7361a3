// Behaviour of budget entries: freeze, release, consume, adjust, and replaying the ledger.
import { describe, expect, it } from 'vitest';
import {
  amountForBudget,
  applyEntry,
  available,
  budgetImpact,
  outstandingFreeze,
  replayLedger,
  type Budget,
  type BudgetEntry,
} from '../../../domain/budget/index.js';
import { unwrap } from '../../../domain/shared/index.js';

const budget = (over: Partial<Budget> = {}): Budget => ({
  id: 'bud_1',
  orgId: 'org_1',
  departmentId: 'dep_1',
  category: 'meal',
  period: { kind: 'month', key: '2026-11' },
  currency: 'CNY',
  amountMinor: 100_000,
  frozenMinor: 0,
  consumedMinor: 0,
  allowOverrun: false,
  ...over,
});

const ref = { type: 'expense', id: 'exp_1' };
const other = { type: 'expense', id: 'exp_2' };
const freeze = (amountMinor: number, r = ref): BudgetEntry => ({ kind: 'freeze', amountMinor, ref: r });
const release = (amountMinor: number, r = ref): BudgetEntry => ({ kind: 'release', amountMinor, ref: r });
const consume = (amountMinor: number, r = ref, fromFrozenMinor?: number): BudgetEntry =>
  fromFrozenMinor === undefined ? { kind: 'consume', amountMinor, ref: r } : { kind: 'consume', amountMinor, ref: r, fromFrozenMinor };
const adjust = (amountMinor: number): BudgetEntry => ({ kind: 'adjust', amountMinor, ref: { type: 'budget', id: 'bud_1' } });

const errorOf = (r: ReturnType<typeof applyEntry>) => (r.ok ? undefined : r.error);

describe('available', () => {
  it('is the amount less what is frozen and consumed', () => {
    expect(available(budget({ frozenMinor: 20_000, consumedMinor: 30_000 }))).toBe(50_000);
  });
});

describe('freeze', () => {
  it('reserves money without consuming it, and leaves the input untouched', () => {
    const b = budget();
    const next = unwrap(applyEntry(b, freeze(40_000), []));
    expect(next).toMatchObject({ frozenMinor: 40_000, consumedMinor: 0, amountMinor: 100_000 });
    expect(b.frozenMinor).toBe(0);
  });

  it('a freeze of exactly what is available is accepted', () => {
    expect(available(unwrap(applyEntry(budget(), freeze(100_000), [])))).toBe(0);
  });

  it('a freeze beyond what is available is refused with BUDGET.EXCEEDED', () => {
    const e = errorOf(applyEntry(budget({ consumedMinor: 70_000 }), freeze(30_001), []));
    expect(e?.code).toBe('BUDGET.EXCEEDED');
    expect(e?.details).toMatchObject({ availableMinor: 30_000, requestedMinor: 30_001, currency: 'CNY' });
  });

  it('an overrun budget accepts it and goes negative', () => {
    const next = unwrap(applyEntry(budget({ allowOverrun: true }), freeze(150_000), []));
    expect(available(next)).toBe(-50_000);
  });

  it.each([0, -5, 1.5, Number.NaN, 2 ** 53])('refuses amount %s with BUDGET.INVALID_ENTRY', (amount) => {
    expect(errorOf(applyEntry(budget(), freeze(amount), []))?.code).toBe('BUDGET.INVALID_ENTRY');
  });

  it('refuses an entry without a ref', () => {
    const entry = { kind: 'freeze', amountMinor: 1, ref: { type: '', id: '' } } as const;
    expect(errorOf(applyEntry(budget(), entry, []))?.code).toBe('BUDGET.INVALID_ENTRY');
  });
});

describe('release', () => {
  it('gives back part of what the reference froze', () => {
    const b = budget({ frozenMinor: 30_000 });
    expect(unwrap(applyEntry(b, release(10_000), [freeze(30_000)])).frozenMinor).toBe(20_000);
  });

  it('release never frees more than the reference froze', () => {
    const b = budget({ frozenMinor: 50_000 });
    const prior = [freeze(30_000), freeze(20_000, other)];
    const e = errorOf(applyEntry(b, release(30_001), prior));
    expect(e?.code).toBe('BUDGET.INVALID_ENTRY');
    expect(e?.details).toMatchObject({ outstandingMinor: 30_000 });
  });

  it('counts earlier releases and consumptions of the same reference', () => {
    const b = budget({ frozenMinor: 10_000, consumedMinor: 15_000 });
    const prior = [freeze(30_000), release(5_000), consume(15_000)];
    expect(outstandingFreeze(prior, ref)).toBe(10_000);
    expect(errorOf(applyEntry(b, release(10_001), prior))?.code).toBe('BUDGET.INVALID_ENTRY');
    expect(unwrap(applyEntry(b, release(10_000), prior)).frozenMinor).toBe(0);
  });

  it('refuses a release for a reference that froze nothing', () => {
    expect(errorOf(applyEntry(budget({ frozenMinor: 5 }), release(1, other), [freeze(5)]))?.code).toBe('BUDGET.INVALID_ENTRY');
  });
});

describe('consume', () => {
  it('consume converts the freeze and charges the extra', () => {
    const b = budget({ frozenMinor: 30_000 });
    const next = unwrap(applyEntry(b, consume(45_000), [freeze(30_000)]));
    expect(next).toMatchObject({ frozenMinor: 0, consumedMinor: 45_000 });
    expect(available(next)).toBe(55_000);
  });

  it('converts only part of a larger freeze, leaving the rest frozen', () => {
    const next = unwrap(applyEntry(budget({ frozenMinor: 30_000 }), consume(20_000), [freeze(30_000)]));
    expect(next).toMatchObject({ frozenMinor: 10_000, consumedMinor: 20_000 });
  });

  it('the extra beyond the freeze needs availability', () => {
    const b = budget({ frozenMinor: 30_000, consumedMinor: 60_000 }); // 10_000 available
    const e = errorOf(applyEntry(b, consume(40_001), [freeze(30_000)]));
    expect(e?.code).toBe('BUDGET.EXCEEDED');
    expect(e?.details).toMatchObject({ availableMinor: 10_000, requestedMinor: 10_001, currency: 'CNY' });
    expect(unwrap(applyEntry(b, consume(40_000), [freeze(30_000)])).consumedMinor).toBe(100_000);
  });

  it('an overrun budget charges the extra anyway', () => {
    const b = budget({ frozenMinor: 30_000, consumedMinor: 60_000, allowOverrun: true });
    expect(available(unwrap(applyEntry(b, consume(50_000), [freeze(30_000)])))).toBe(-10_000);
  });

  it('honours an explicit fromFrozenMinor within the freeze', () => {
    const next = unwrap(applyEntry(budget({ frozenMinor: 30_000 }), consume(20_000, ref, 5_000), [freeze(30_000)]));
    expect(next).toMatchObject({ frozenMinor: 25_000, consumedMinor: 20_000 });
  });

  it('refuses a fromFrozenMinor larger than the freeze or the amount', () => {
    const b = budget({ frozenMinor: 30_000 });
    expect(errorOf(applyEntry(b, consume(40_000, ref, 30_001), [freeze(30_000)]))?.code).toBe('BUDGET.INVALID_ENTRY');
    expect(errorOf(applyEntry(b, consume(10_000, ref, 20_000), [freeze(30_000)]))?.code).toBe('BUDGET.INVALID_ENTRY');
    expect(errorOf(applyEntry(b, consume(10_000, ref, -1), [freeze(30_000)]))?.code).toBe('BUDGET.INVALID_ENTRY');
  });

  it('consumes straight from availability when nothing was frozen', () => {
    expect(unwrap(applyEntry(budget(), consume(10_000), []))).toMatchObject({ frozenMinor: 0, consumedMinor: 10_000 });
  });
});

describe('adjust', () => {
  it('raises or lowers the amount', () => {
    expect(unwrap(applyEntry(budget(), adjust(25_000), [])).amountMinor).toBe(125_000);
    expect(unwrap(applyEntry(budget(), adjust(-25_000), [])).amountMinor).toBe(75_000);
  });

  it('adjust cannot cut below what is committed', () => {
    const b = budget({ frozenMinor: 30_000, consumedMinor: 40_000 });
    expect(unwrap(applyEntry(b, adjust(-30_000), [])).amountMinor).toBe(70_000);
    const e = errorOf(applyEntry(b, adjust(-30_001), []));
    expect(e?.code).toBe('BUDGET.EXCEEDED');
    expect(e?.details).toMatchObject({ committedMinor: 70_000, currency: 'CNY' });
  });

  it('an overrun budget may be cut below what is committed, but never below zero', () => {
    const b = budget({ frozenMinor: 30_000, consumedMinor: 40_000, allowOverrun: true });
    expect(available(unwrap(applyEntry(b, adjust(-90_000), [])))).toBe(-60_000);
    expect(errorOf(applyEntry(b, adjust(-100_001), []))?.code).toBe('BUDGET.INVALID_ENTRY');
  });

  it('refuses a zero adjustment', () => {
    expect(errorOf(applyEntry(budget(), adjust(0), []))?.code).toBe('BUDGET.INVALID_ENTRY');
  });
});

describe('replayLedger', () => {
  it('sums a ledger, converting freezes on consume per reference', () => {
    const entries = [freeze(30_000), freeze(20_000, other), consume(45_000), release(5_000, other), adjust(-10_000), consume(1_000, other, 1_000)];
    expect(replayLedger(100_000, entries)).toEqual({ amountMinor: 90_000, frozenMinor: 14_000, consumedMinor: 46_000 });
  });
});

describe('budgetImpact', () => {
  it('reports what a request leaves and whether it is over budget', () => {
    const b = budget({ consumedMinor: 70_000 });
    expect(budgetImpact(b, 20_000)).toEqual({ availableBeforeMinor: 30_000, availableAfterMinor: 10_000, overBudget: false });
    expect(budgetImpact(b, 30_000).overBudget).toBe(false);
    expect(budgetImpact(b, 30_001)).toEqual({ availableBeforeMinor: 30_000, availableAfterMinor: -1, overBudget: true });
  });
});

describe('amountForBudget', () => {
  it('refuses an amount in another currency with BUDGET.CURRENCY_MISMATCH', () => {
    expect(unwrap(amountForBudget(budget(), { minor: 5, currency: 'CNY' }))).toBe(5);
    const r = amountForBudget(budget(), { minor: 5, currency: 'USD' });
    expect(r.ok ? undefined : r.error.code).toBe('BUDGET.CURRENCY_MISMATCH');
  });
});
