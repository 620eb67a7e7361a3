// Budget arithmetic: applying ledger entries (freeze, release, consume, adjust) and replaying a ledger to its totals.
import { convert } from '../money/index.js';
import { domainError, err, ok, type DomainError, type Result } from '../shared/index.js';
import type { Budget, BudgetEntry, BudgetEntryKind, BudgetImpact, EntryRef, LedgerTotals } from './budget.types.js';

/** What is left to freeze or spend: amount − frozen − consumed (negative only on an overrun budget). */
export function available(b: Pick<Budget, 'amountMinor' | 'frozenMinor' | 'consumedMinor'>): number {
  return b.amountMinor - b.frozenMinor - b.consumedMinor;
}

const sameRef = (a: EntryRef, b: EntryRef): boolean => a.type === b.type && a.id === b.id;
const refKey = (r: EntryRef): string => JSON.stringify([r.type, r.id]);

/** How much of a consume converts freeze: the explicit `fromFrozenMinor`, else min(outstanding, amount). */
function fromFrozenOf(entry: BudgetEntry, outstanding: number): number {
  return entry.fromFrozenMinor ?? Math.min(Math.max(outstanding, 0), entry.amountMinor);
}

/** The change an entry makes to the freeze it refers to. */
function freezeDelta(entry: BudgetEntry, outstanding: number): number {
  if (entry.kind === 'freeze') return entry.amountMinor;
  if (entry.kind === 'release') return -entry.amountMinor;
  if (entry.kind === 'consume') return -fromFrozenOf(entry, outstanding);
  return 0;
}

/** The part of `ref`'s freezes not yet released or consumed: Σfreeze − Σrelease − Σconsume.fromFrozen, in entry order. */
export function outstandingFreeze(entries: readonly BudgetEntry[], ref: EntryRef): number {
  let outstanding = 0;
  for (const e of entries) if (sameRef(e.ref, ref)) outstanding += freezeDelta(e, outstanding);
  return outstanding;
}

/**
 * The totals a ledger produces from `initialAmountMinor`, entries in order. Entries are not validated: this is the
 * check that stored budget totals equal their ledger (the ledger sums exactly).
 */
export function replayLedger(initialAmountMinor: number, entries: readonly BudgetEntry[]): LedgerTotals {
  let amountMinor = initialAmountMinor;
  let frozenMinor = 0;
  let consumedMinor = 0;
  const outstanding = new Map<string, number>();
  for (const e of entries) {
    const key = refKey(e.ref);
    const before = outstanding.get(key) ?? 0;
    const delta = freezeDelta(e, before);
    outstanding.set(key, before + delta);
    frozenMinor += delta;
    if (e.kind === 'consume') consumedMinor += e.amountMinor;
    if (e.kind === 'adjust') amountMinor += e.amountMinor;
  }
  return { amountMinor, frozenMinor, consumedMinor };
}

/** What spending `requestedMinor` more would leave available, and whether that goes below zero. */
export function budgetImpact(budget: Budget, requestedMinor: number): BudgetImpact {
  const availableBeforeMinor = available(budget);
  const availableAfterMinor = availableBeforeMinor - requestedMinor;
  return { availableBeforeMinor, availableAfterMinor, overBudget: availableAfterMinor < 0 };
}

/**
 * The impact of `amount` on `budget` whatever its currency: as is in the budget's currency, converted at `rate` (a
 * plain decimal, 1 unit of the amount's currency in the budget's) when it differs and a rate is known, else marked
 * not comparable. A conversion that fails (overflow) is not comparable too.
 */
export function budgetImpactIn(budget: Budget, amount: { readonly minor: number; readonly currency: string }, rate: string | undefined): BudgetImpact {
  if (amount.currency === budget.currency) return budgetImpact(budget, amount.minor);
  const converted = rate === undefined ? undefined : convert(amount, budget.currency, rate);
  if (!converted?.ok) return { ...budgetImpact(budget, 0), notComparable: { currency: amount.currency } };
  return { ...budgetImpact(budget, converted.value.minor), converted: { fromMinor: amount.minor, fromCurrency: amount.currency, minor: converted.value.minor, rate: rate! } };
}

/** Checks an amount in another currency can be charged to `budget`, returning its minor units or BUDGET.CURRENCY_MISMATCH. */
export function amountForBudget(budget: Budget, amount: { readonly minor: number; readonly currency: string }): Result<number> {
  if (amount.currency !== budget.currency)
    return err(
      domainError('BUDGET.CURRENCY_MISMATCH', `budget ${budget.id} is in ${budget.currency}, not ${amount.currency}`, {
        budgetId: budget.id,
        budgetCurrency: budget.currency,
        currency: amount.currency,
      }),
    );
  return ok(amount.minor);
}

const invalid = (message: string, details?: Record<string, unknown>): Result<never> =>
  err(domainError('BUDGET.INVALID_ENTRY', message, details));

function exceeded(b: Budget, requestedMinor: number, what: string): Result<never> {
  const availableMinor = available(b);
  return err(
    domainError(
      'BUDGET.EXCEEDED',
      `${what} of ${requestedMinor} ${b.currency} minor units exceeds the ${availableMinor} available in budget ${b.id}`,
      { availableMinor, requestedMinor, currency: b.currency, budgetId: b.id },
    ),
  );
}

type Handler = (b: Budget, e: BudgetEntry, prior: readonly BudgetEntry[]) => Result<Budget>;

const HANDLERS: Readonly<Record<BudgetEntryKind, Handler>> = {
  freeze(b, e) {
    if (e.amountMinor <= 0) return invalid('a freeze must be positive', { amountMinor: e.amountMinor });
    if (e.amountMinor > available(b) && !b.allowOverrun) return exceeded(b, e.amountMinor, 'freeze');
    return ok({ ...b, frozenMinor: b.frozenMinor + e.amountMinor });
  },

  release(b, e, prior) {
    if (e.amountMinor <= 0) return invalid('a release must be positive', { amountMinor: e.amountMinor });
    const outstanding = outstandingFreeze(prior, e.ref);
    if (e.amountMinor > outstanding || e.amountMinor > b.frozenMinor)
      return invalid(`release of ${e.amountMinor} exceeds the ${outstanding} still frozen for ${e.ref.type} ${e.ref.id}`, {
        amountMinor: e.amountMinor,
        outstandingMinor: outstanding,
      });
    return ok({ ...b, frozenMinor: b.frozenMinor - e.amountMinor });
  },

  consume(b, e, prior) {
    if (e.amountMinor <= 0) return invalid('a consumption must be positive', { amountMinor: e.amountMinor });
    const outstanding = outstandingFreeze(prior, e.ref);
    const fromFrozen = fromFrozenOf(e, outstanding);
    if (!Number.isSafeInteger(fromFrozen) || fromFrozen < 0 || fromFrozen > e.amountMinor)
      return invalid('fromFrozenMinor must be an integer between 0 and the amount', { fromFrozenMinor: fromFrozen });
    if (fromFrozen > outstanding || fromFrozen > b.frozenMinor)
      return invalid(`consume converts ${fromFrozen} but only ${outstanding} is frozen for ${e.ref.type} ${e.ref.id}`, {
        fromFrozenMinor: fromFrozen,
        outstandingMinor: outstanding,
      });
    const extra = e.amountMinor - fromFrozen;
    if (extra > 0 && extra > available(b) && !b.allowOverrun) return exceeded(b, extra, 'consumption beyond the freeze');
    return ok({ ...b, frozenMinor: b.frozenMinor - fromFrozen, consumedMinor: b.consumedMinor + e.amountMinor });
  },

  adjust(b, e) {
    if (e.amountMinor === 0) return invalid('an adjustment must be non-zero');
    const amountMinor = b.amountMinor + e.amountMinor;
    if (amountMinor < 0) return invalid(`adjustment would make budget ${b.id} negative`, { amountMinor });
    const committed = b.frozenMinor + b.consumedMinor;
    if (e.amountMinor < 0 && amountMinor < committed && !b.allowOverrun)
      return err(
        domainError('BUDGET.EXCEEDED', `budget ${b.id} cannot be cut below the ${committed} already frozen or consumed`, {
          availableMinor: available(b),
          requestedMinor: -e.amountMinor,
          currency: b.currency,
          budgetId: b.id,
          committedMinor: committed,
        }),
      );
    return ok({ ...b, amountMinor });
  },
};

function checkShape(entry: BudgetEntry): DomainError | undefined {
  const bad = (message: string) => domainError('BUDGET.INVALID_ENTRY', message, { kind: entry.kind, amountMinor: entry.amountMinor });
  if (!Object.hasOwn(HANDLERS, entry.kind)) return bad(`unknown entry kind ${JSON.stringify(entry.kind)}`);
  if (!Number.isSafeInteger(entry.amountMinor)) return bad('amountMinor must be a safe integer');
  if (entry.fromFrozenMinor !== undefined && entry.kind !== 'consume') return bad('fromFrozenMinor is only for consume');
  if (typeof entry.ref?.type !== 'string' || typeof entry.ref.id !== 'string' || !entry.ref.type || !entry.ref.id)
    return bad('an entry needs a ref with a type and an id');
  return undefined;
}

/**
 * Applies one entry to `budget`, returning the new budget (the input is never changed).
 * `priorEntriesForRef` are the earlier entries of the same ref in ledger order (others are ignored); they decide how
 * much a release may free and how much of a consume comes out of the freeze.
 * Errors: BUDGET.INVALID_ENTRY (bad amount, over-release, negative amount), BUDGET.EXCEEDED with
 * `{ availableMinor, requestedMinor, currency }` when the budget has too little left and overrun is off.
 */
export function applyEntry(budget: Budget, entry: BudgetEntry, priorEntriesForRef: readonly BudgetEntry[]): Result<Budget> {
  const shape = checkShape(entry);
  if (shape) return err(shape);
  const result = HANDLERS[entry.kind](budget, entry, priorEntriesForRef);
  if (!result.ok) return result;
  const v = result.value;
  if (![v.amountMinor, v.frozenMinor, v.consumedMinor].every(Number.isSafeInteger))
    return invalid('the entry would overflow the budget totals', { amountMinor: entry.amountMinor });
  return result;
}
