// Budget shapes: a budget per department × category × period, and the ledger entries that move money inside it.

/** The length of a budget period. */
export type PeriodKind = 'month' | 'quarter' | 'year';

/** A budget period: `key` is '2026-11' (month), '2026-Q4' (quarter) or '2026' (year). */
export interface BudgetPeriod {
  readonly kind: PeriodKind;
  readonly key: string;
}

/**
 * A budget for one department, category and period. All amounts are integer minor units of `currency`.
 * Available = amount − frozen − consumed; it may only go negative when `allowOverrun` is set.
 */
export interface Budget {
  readonly id: string;
  readonly orgId: string;
  readonly departmentId: string;
  readonly category: string;
  readonly period: BudgetPeriod;
  readonly currency: string;
  readonly amountMinor: number;
  readonly frozenMinor: number;
  readonly consumedMinor: number;
  readonly allowOverrun: boolean;
}

/** What a ledger entry does: reserve (freeze), give back a reservation (release), spend (consume), resize (adjust). */
export type BudgetEntryKind = 'freeze' | 'consume' | 'release' | 'adjust';

/** The business object an entry belongs to, e.g. `{ type: 'expense', id: 'exp_1' }`. */
export interface EntryRef {
  readonly type: string;
  readonly id: string;
}

/**
 * One ledger line. `amountMinor` is positive except for `adjust`, where it is a non-zero signed change.
 * `fromFrozenMinor` (consume only) is how much of the ref's outstanding freeze the consumption converts; when absent
 * it is min(outstanding freeze of the ref at that point, amountMinor) — the same rule everywhere the ledger is read.
 */
export interface BudgetEntry {
  readonly kind: BudgetEntryKind;
  readonly amountMinor: number;
  readonly ref: EntryRef;
  readonly fromFrozenMinor?: number;
}

/** The three running totals a ledger determines. */
export interface LedgerTotals {
  readonly amountMinor: number;
  readonly frozenMinor: number;
  readonly consumedMinor: number;
}

/** What a request would do to a budget, for cards and approval screens. */
export interface BudgetImpact {
  readonly availableBeforeMinor: number;
  readonly availableAfterMinor: number;
  readonly overBudget: boolean;
  /** The amount was in another currency and converted at a configured rate: what it was and the rate used. */
  readonly converted?: { readonly fromMinor: number; readonly fromCurrency: string; readonly minor: number; readonly rate: string };
  /**
   * The amount is in a currency with no configured rate to the budget's: it cannot be set against the budget, so the
   * impact shows the budget as it stands (after = before, never over budget) and says so.
   */
  readonly notComparable?: { readonly currency: string };
}

/** A parsed period key: `start` is inclusive, `end` exclusive, both 'YYYY-MM-DD'. */
export interface PeriodRange {
  readonly kind: PeriodKind;
  readonly start: string;
  readonly end: string;
}
