import { describe, expect, it } from 'vitest';
import { applyAdvanceMovement } from '../../../domain/advance/index.js';
import { budgetCategoryOf, moveLine, validateLineInput } from '../../../domain/expense/index.js';

const today = '2026-11-24';
const good = { category: 'meal', amount: { minor: 8_800, currency: 'CNY' }, date: '2026-11-20' };

describe('validateLineInput', () => {
  it('accepts a plain line', () => expect(validateLineInput(good, today).ok).toBe(true));
  it.each([
    [{ ...good, amount: { minor: 0, currency: 'CNY' } }, 'MONEY.INVALID_AMOUNT', 'amount.minor'],
    [{ ...good, amount: { minor: -5, currency: 'CNY' } }, 'MONEY.INVALID_AMOUNT', 'amount.minor'],
    [{ ...good, amount: { minor: 100, currency: 'XYZ' } }, 'MONEY.UNSUPPORTED_CURRENCY', 'amount.currency'],
    [{ ...good, date: '2026-11-25' }, 'EXPENSE.INVALID', 'date'],
    [{ ...good, date: '2026-02-30' }, 'EXPENSE.INVALID', 'date'],
    [{ ...good, category: 'yacht' }, 'EXPENSE.INVALID', 'category'],
  ])('refuses %j with a code naming the field', (input, code, field) => {
    const r = validateLineInput(input, today);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.details?.field).toBe(field);
    }
  });
});

describe('line statuses and budget categories', () => {
  it('a draft is confirmed or dismissed; a reimbursed line never changes', () => {
    expect(moveLine({ id: 'l', status: 'draft' }, 'open').ok).toBe(true);
    const r = moveLine({ id: 'l', status: 'reimbursed' }, 'open');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('EXPENSE.NOT_EDITABLE');
  });
  it("trip lines consume the trip's budget category; others their own", () => {
    expect(budgetCategoryOf({ category: 'hotel', applicationId: 't1' }, 'travel')).toBe('travel');
    expect(budgetCategoryOf({ category: 'hotel', applicationId: null })).toBe('lodging');
    expect(budgetCategoryOf({ category: 'meal', applicationId: null })).toBe('meal');
  });
});

describe('applyAdvanceMovement', () => {
  const adv = { id: 'a1', status: 'approved' as const, amountMinor: 200_000, outstandingMinor: 200_000, currency: 'CNY' };
  it('offsets part and settles at zero', () => {
    const part = applyAdvanceMovement(adv, { kind: 'offset', amountMinor: 150_000, currency: 'CNY' });
    expect(part.ok && part.value).toMatchObject({ outstandingMinor: 50_000, status: 'approved' });
    const rest = applyAdvanceMovement({ ...adv, outstandingMinor: 50_000 }, { kind: 'repayment', amountMinor: 50_000, currency: 'CNY' });
    expect(rest.ok && rest.value).toMatchObject({ outstandingMinor: 0, status: 'settled' });
  });
  it('never takes more than is outstanding, nor from a pending advance', () => {
    const over = applyAdvanceMovement(adv, { kind: 'repayment', amountMinor: 200_001, currency: 'CNY' });
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.error.code).toBe('ADVANCE.INVALID');
    expect(applyAdvanceMovement({ ...adv, status: 'pending' }, { kind: 'offset', amountMinor: 1, currency: 'CNY' }).ok).toBe(false);
  });
});
