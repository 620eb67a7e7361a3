// Properties of the budget ledger over random entry sequences.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEntry, available, outstandingFreeze, replayLedger, type Budget, type BudgetEntry } from '../../../domain/budget/index.js';

const start = (amountMinor: number, allowOverrun: boolean): Budget => ({
  id: 'bud_p',
  orgId: 'org_1',
  departmentId: 'dep_1',
  category: 'travel',
  period: { kind: 'year', key: '2026' },
  currency: 'CNY',
  amountMinor,
  frozenMinor: 0,
  consumedMinor: 0,
  allowOverrun,
});

const refArb = fc.constantFrom('r1', 'r2', 'r3').map((id) => ({ type: 'expense', id }));
const entryArb: fc.Arbitrary<BudgetEntry> = fc.oneof(
  fc.record({ kind: fc.constant('freeze' as const), amountMinor: fc.integer({ min: -10, max: 5_000 }), ref: refArb }),
  fc.record({
    kind: fc.constant('release' as const),
    // mostly small, so releases often fit within what a ref still has frozen
    amountMinor: fc.oneof(fc.integer({ min: 1, max: 400 }), fc.integer({ min: -10, max: 5_000 })),
    ref: refArb,
  }),
  fc.record({ kind: fc.constant('consume' as const), amountMinor: fc.integer({ min: -10, max: 5_000 }), ref: refArb }),
  fc.record({
    kind: fc.constant('consume' as const),
    amountMinor: fc.integer({ min: 1, max: 5_000 }),
    ref: refArb,
    fromFrozenMinor: fc.integer({ min: -10, max: 5_000 }),
  }),
  fc.record({ kind: fc.constant('adjust' as const), amountMinor: fc.integer({ min: -8_000, max: 8_000 }), ref: fc.constant({ type: 'budget', id: 'bud_p' }) }),
);

/** Applies entries in order, keeping only those that succeed, as a repository would. */
function run(b0: Budget, entries: readonly BudgetEntry[]): { final: Budget; accepted: BudgetEntry[]; budgets: Budget[] } {
  let b = b0;
  const accepted: BudgetEntry[] = [];
  const budgets: Budget[] = [];
  for (const e of entries) {
    const prior = accepted.filter((a) => a.ref.type === e.ref.type && a.ref.id === e.ref.id);
    const r = applyEntry(b, e, prior);
    if (!r.ok) continue;
    b = r.value;
    accepted.push(e);
    budgets.push(b);
  }
  return { final: b, accepted, budgets };
}

describe('ledger properties', () => {
  it('available never drops below 0 when overrun is off, and the ledger sums exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.array(entryArb, { maxLength: 60 }), (amount, entries) => {
        const { final, accepted, budgets } = run(start(amount, false), entries);
        for (const b of budgets) {
          expect(available(b)).toBeGreaterThanOrEqual(0);
          expect(b.frozenMinor).toBeGreaterThanOrEqual(0);
        }
        expect(replayLedger(amount, accepted)).toEqual({
          amountMinor: final.amountMinor,
          frozenMinor: final.frozenMinor,
          consumedMinor: final.consumedMinor,
        });
      }),
      { numRuns: 300 },
    );
  });

  it('with overrun on, the ledger still sums exactly and each freeze stays non-negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.array(entryArb, { maxLength: 60 }), (amount, entries) => {
        const { final, accepted } = run(start(amount, true), entries);
        const refs = ['r1', 'r2', 'r3'].map((id) => outstandingFreeze(accepted, { type: 'expense', id }));
        for (const o of refs) expect(o).toBeGreaterThanOrEqual(0);
        expect(refs.reduce((s, o) => s + o, 0)).toBe(final.frozenMinor);
        expect(replayLedger(amount, accepted)).toEqual({
          amountMinor: final.amountMinor,
          frozenMinor: final.frozenMinor,
          consumedMinor: final.consumedMinor,
        });
      }),
      { numRuns: 300 },
    );
  });

  it('N freezes of size s against an amount A: exactly floor(A/s) succeed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 0, max: 60 }), (a, s, n) => {
        const entries = Array.from({ length: n }, (_, i): BudgetEntry => ({ kind: 'freeze', amountMinor: s, ref: { type: 'trip', id: `t${i}` } }));
        const { accepted, final } = run(start(a, false), entries);
        expect(accepted.length).toBe(Math.min(n, Math.floor(a / s)));
        expect(final.frozenMinor).toBe(accepted.length * s);
      }),
    );
  });
});
