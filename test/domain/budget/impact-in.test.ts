// The impact of an amount on a budget kept in another currency: converted at a known rate, or not comparable.
import { describe, expect, it } from 'vitest';
import { budgetImpactIn, type Budget } from '../../../domain/budget/index.js';

const budget: Budget = {
  id: 'bud_1', orgId: 'org_1', departmentId: 'dep_1', category: 'transport', period: { kind: 'month', key: '2026-11' },
  currency: 'CNY', amountMinor: 500_000, frozenMinor: 0, consumedMinor: 0, allowOverrun: false,
};

describe('budgetImpactIn', () => {
  it('takes an amount in the budget’s currency as it is', () => {
    expect(budgetImpactIn(budget, { minor: 4_500, currency: 'CNY' }, undefined)).toEqual({ availableBeforeMinor: 500_000, availableAfterMinor: 495_500, overBudget: false });
  });

  it('converts at the rate given, rounding once, and says what it converted', () => {
    expect(budgetImpactIn(budget, { minor: 4_500, currency: 'USD' }, '7.1')).toEqual({
      availableBeforeMinor: 500_000, availableAfterMinor: 468_050, overBudget: false,
      converted: { fromMinor: 4_500, fromCurrency: 'USD', minor: 31_950, rate: '7.1' },
    });
    // ¥ has two decimals, ¥ JPY none: 1,000 JPY at 0.0475 is ¥47.50.
    expect(budgetImpactIn(budget, { minor: 1_000, currency: 'JPY' }, '0.0475').converted!.minor).toBe(4_750);
    expect(budgetImpactIn(budget, { minor: 100_000, currency: 'USD' }, '7.1').overBudget).toBe(true);
  });

  it('marks an amount with no rate not comparable: the budget as it stands, never over', () => {
    expect(budgetImpactIn(budget, { minor: 10_000_000, currency: 'USD' }, undefined)).toEqual({
      availableBeforeMinor: 500_000, availableAfterMinor: 500_000, overBudget: false, notComparable: { currency: 'USD' },
    });
  });
});
