import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateCost, offsetAdvances, planSettlement, type SettlementInput } from '../../../domain/reimbursement/index.js';
import { unwrap } from '../../../domain/shared/index.js';

const base: SettlementInput = {
  reimbursementId: 'rb1',
  currency: 'CNY',
  claimantDepartmentId: 'd_sales',
  lines: [
    { id: 'l1', amountMinor: 120_000, currency: 'CNY', paidBy: 'company', budgetCategory: 'travel', applicationId: 'trip1' },
    { id: 'l2', amountMinor: 50_000, currency: 'CNY', paidBy: 'personal', budgetCategory: 'travel', applicationId: 'trip1' },
    { id: 'l3', amountMinor: 8_800, currency: 'CNY', paidBy: 'personal', budgetCategory: 'meal', applicationId: null },
  ],
  applications: [{ id: 'trip1', departmentId: 'd_sales' }],
  allocations: [],
  advances: [],
};

describe('planSettlement', () => {
  it('consumes trip lines against the trip (converting its freeze) and other lines against the claim', () => {
    const s = unwrap(planSettlement(base));
    expect(s.totalMinor).toBe(178_800);
    expect(s.companyMinor).toBe(120_000);
    expect(s.personalMinor).toBe(58_800);
    expect(s.consumption).toEqual([
      { departmentId: 'd_sales', category: 'travel', amountMinor: 170_000, ref: { type: 'request', id: 'trip1' } },
      { departmentId: 'd_sales', category: 'meal', amountMinor: 8_800, ref: { type: 'request', id: 'rb1' } },
    ]);
    expect(s.payableMinor).toBe(58_800);
  });

  it('offsets advances before paying out: only the personally paid part is owed', () => {
    const s = unwrap(planSettlement({ ...base, advances: [{ id: 'adv1', outstandingMinor: 50_000, currency: 'CNY', applicationId: 'trip1', createdAt: '2026-11-01T00:00:00Z' }] }));
    expect(s.advanceOffsets).toEqual([{ advanceId: 'adv1', amountMinor: 50_000 }]);
    expect(s.payableMinor).toBe(8_800);
  });

  it('leaves the rest of a larger advance outstanding and owes nothing', () => {
    const s = unwrap(planSettlement({ ...base, advances: [{ id: 'adv1', outstandingMinor: 100_000, currency: 'CNY', applicationId: null, createdAt: '2026-11-01T00:00:00Z' }] }));
    expect(s.advanceOffsets).toEqual([{ advanceId: 'adv1', amountMinor: 58_800 }]);
    expect(s.payableMinor).toBe(0);
  });

  it('splits across departments by percent without losing a cent; the trip ref stays only in the trip department', () => {
    const s = unwrap(planSettlement({ ...base, allocations: [{ departmentId: 'd_sales', percent: 33.3333 }, { departmentId: 'd_rnd', percent: 33.3333 }, { departmentId: 'd_ops', percent: 33.3334 }] }));
    expect(s.allocations.reduce((a, x) => a + x.amountMinor, 0)).toBe(178_800);
    expect(s.consumption.reduce((a, x) => a + x.amountMinor, 0)).toBe(178_800);
    expect(s.consumption.filter((c) => c.ref.id === 'trip1').every((c) => c.departmentId === 'd_sales')).toBe(true);
    expect(s.consumption.some((c) => c.departmentId === 'd_rnd' && c.category === 'travel' && c.ref.id === 'rb1')).toBe(true);
  });

  it('refuses percents that do not add up to 100, naming the sum', () => {
    const r = planSettlement({ ...base, allocations: [{ departmentId: 'd_sales', percent: 60 }, { departmentId: 'd_rnd', percent: 30 }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('add up to 90');
  });

  it('refuses amounts that do not add up to the claim, and mixing percent with amount', () => {
    const r = planSettlement({ ...base, allocations: [{ departmentId: 'd_sales', amountMinor: 100_000 }, { departmentId: 'd_rnd', amountMinor: 10_000 }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('not the claim total 178800');
    const mixed = planSettlement({ ...base, allocations: [{ departmentId: 'd_sales', amountMinor: 100_000 }, { departmentId: 'd_rnd', percent: 50 }] });
    expect(mixed.ok).toBe(false);
  });

  it('refuses a line in another currency', () => {
    const r = planSettlement({ ...base, lines: [...base.lines, { id: 'usd', amountMinor: 100, currency: 'USD', paidBy: 'personal', budgetCategory: 'meal', applicationId: null }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('REIMBURSEMENT.INVALID');
  });

  it('property: consumption and allocation always sum to the total; offsets + payable = personal part', () => {
    const line = fc.record({ amountMinor: fc.integer({ min: 1, max: 5_000_000 }), paidBy: fc.constantFrom('company' as const, 'personal' as const), budgetCategory: fc.constantFrom('travel', 'meal', 'transport'), trip: fc.boolean() });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 20 }), fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 4 }), fc.array(fc.integer({ min: 1, max: 3_000_000 }), { maxLength: 3 }), (ls, weights, advs) => {
        const depts = weights.map((_, i) => `d${i}`);
        const sum = weights.reduce((a, b) => a + b, 0);
        const total = ls.reduce((a, l) => a + l.amountMinor, 0);
        // Amount shares proportional to the weights, the remainder on the first.
        const shares = weights.map((w) => Math.floor((total * w) / sum));
        shares[0]! += total - shares.reduce((a, b) => a + b, 0);
        if (shares.some((x) => x <= 0)) return;
        const s = unwrap(
          planSettlement({
            reimbursementId: 'rb',
            currency: 'CNY',
            claimantDepartmentId: 'd0',
            lines: ls.map((l, i) => ({ id: `l${i}`, amountMinor: l.amountMinor, currency: 'CNY', paidBy: l.paidBy, budgetCategory: l.budgetCategory, applicationId: l.trip ? 'trip' : null })),
            applications: [{ id: 'trip', departmentId: 'd0' }],
            allocations: depts.map((d, i) => ({ departmentId: d, amountMinor: shares[i]! })),
            advances: advs.map((a, i) => ({ id: `a${i}`, outstandingMinor: a, currency: 'CNY', applicationId: null, createdAt: `2026-01-0${i + 1}T00:00:00Z` })),
          }),
        );
        expect(s.consumption.reduce((a, c) => a + c.amountMinor, 0)).toBe(total);
        expect(s.consumption.every((c) => Number.isInteger(c.amountMinor) && c.amountMinor > 0)).toBe(true);
        const offset = s.advanceOffsets.reduce((a, o) => a + o.amountMinor, 0);
        expect(offset + s.payableMinor).toBe(s.personalMinor);
        expect(s.payableMinor).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('allocateCost and offsetAdvances', () => {
  it('charges the claimant department when no shares are given', () => {
    expect(unwrap(allocateCost({ minor: 1001, currency: 'CNY' }, [], 'd1'))).toEqual([{ departmentId: 'd1', amountMinor: 1001 }]);
  });
  it('refuses the same department twice', () => {
    expect(allocateCost({ minor: 1000, currency: 'CNY' }, [{ departmentId: 'd1', percent: 50 }, { departmentId: 'd1', percent: 50 }], 'd1').ok).toBe(false);
  });
  it('offsets the advance for the claimed trip first, then the oldest', () => {
    const offsets = offsetAdvances(
      [
        { id: 'old', outstandingMinor: 1000, currency: 'CNY', applicationId: null, createdAt: '2026-01-01T00:00:00Z' },
        { id: 'trip', outstandingMinor: 500, currency: 'CNY', applicationId: 't1', createdAt: '2026-02-01T00:00:00Z' },
        { id: 'usd', outstandingMinor: 500, currency: 'USD', applicationId: 't1', createdAt: '2026-01-01T00:00:00Z' },
      ],
      1200,
      'CNY',
      new Set(['t1']),
    );
    expect(offsets).toEqual([{ advanceId: 'trip', amountMinor: 500 }, { advanceId: 'old', amountMinor: 700 }]);
  });
});
