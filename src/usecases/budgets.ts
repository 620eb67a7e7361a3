// Budget commands: configure a budget, post a ledger entry (freeze/consume/release/adjust), read availability.
import { requireRole, type Actor } from './authorise.js';
import type { Db, Executor } from '../../db/database.js';
import { appendAudit } from '../../db/repos/audit.js';
import { entriesForRef, entryByKey, getBudget, insertEntry, ledgerOf, saveBudgetTotals, upsertBudget, type StoredBudget } from '../../db/repos/budgets.js';
import { applyEntry, available, parsePeriodKey, replayLedger, type BudgetEntry } from '../../domain/budget/index.js';
import { currencyExponent } from '../../domain/money/index.js';
import { getDepartment } from '../../db/repos/org.js';
import { domainError, err, ok, type Clock, type IdGenerator, type Result } from '../../domain/shared/index.js';
import { publish } from './publish.js';
import { command } from './unit-of-work.js';
import { countBudgetRefusal, type WithMetrics } from '../observability/scope.js';

type Deps = { db: Db; clock: Clock; ids: IdGenerator } & WithMetrics;

export interface BudgetInput {
  departmentId: string;
  category: string;
  periodKey: string;
  amount: { minor: number; currency: string };
  allowOverrun: boolean;
}

/** Creates the budget for department × category × period, or changes its amount through an `adjust` entry. */
export function configureBudget(deps: Deps, orgId: string, actor: Actor, input: BudgetInput): Promise<Result<StoredBudget>> {
  const actorId = actor.id;
  return command<StoredBudget>(deps.db, async (tx) => {
    const allowed = await requireRole(tx, orgId, actor, ['finance'], 'configuring a budget');
    if (!allowed.ok) return allowed;
    const period = parsePeriodKey(input.periodKey);
    if (!period.ok) return period;
    if (input.amount.minor < 0) return err(domainError('BUDGET.INVALID_ENTRY', 'a budget amount cannot be negative'));
    if (currencyExponent(input.amount.currency) === undefined) return err(domainError('MONEY.UNSUPPORTED_CURRENCY', `unsupported currency ${input.amount.currency}`));
    if (!(await getDepartment(tx, orgId, input.departmentId))) return err(domainError('ORG.UNKNOWN_DEPARTMENT', `no department ${input.departmentId}`));
    const now = deps.clock.now();
    const created = await upsertBudget(
      tx,
      {
        id: deps.ids.next('bud'),
        orgId,
        departmentId: input.departmentId,
        category: input.category,
        period: { kind: period.value.kind, key: input.periodKey },
        currency: input.amount.currency,
        amountMinor: input.amount.minor,
        frozenMinor: 0,
        consumedMinor: 0,
        allowOverrun: input.allowOverrun,
      },
      now,
    );
    if (created.currency !== input.amount.currency)
      return err(domainError('BUDGET.CURRENCY_MISMATCH', `the budget is kept in ${created.currency}, not ${input.amount.currency}`));
    const locked = (await getBudget(tx, orgId, created.id, true))!;
    let next: StoredBudget = { ...locked, allowOverrun: input.allowOverrun };
    const delta = input.amount.minor - locked.amountMinor;
    if (delta !== 0) {
      const entry: BudgetEntry = { kind: 'adjust', amountMinor: delta, ref: { type: 'budget', id: locked.id } };
      const applied = applyEntry(next, entry, []);
      if (!applied.ok) return applied;
      next = { ...applied.value, version: locked.version };
      await insertEntry(tx, { ...entry, id: deps.ids.next('bde'), orgId, budgetId: locked.id, actorId, at: now });
    }
    const changed = delta !== 0 || next.allowOverrun !== locked.allowOverrun;
    if (changed) await saveBudgetTotals(tx, next, now);
    const saved = { ...next, version: changed ? locked.version + 1 : locked.version };
    await appendAudit(tx, { orgId, actorId, action: 'budget.configure', subjectType: 'budget', subjectId: locked.id, before: totals(locked), after: totals(saved), at: now });
    return ok(saved);
  });
}

export interface EntryInput {
  kind: BudgetEntry['kind'];
  amountMinor: number;
  ref: { type: string; id: string };
  fromFrozenMinor?: number;
  /** Repeating a call with the same key returns the first result and changes nothing. */
  idempotencyKey?: string;
}

export interface EntryResult {
  entryId: string;
  budget: StoredBudget;
  availableMinor: number;
  replayed: boolean;
}

/**
 * Applies one ledger entry. The budget row is locked, the domain decides against fresh totals, and the entry,
 * totals, audit and event are written together — so 200 concurrent freezes against room for 100 accept exactly 100.
 */
export async function postBudgetEntry(deps: Deps, orgId: string, budgetId: string, actor: Actor, input: EntryInput): Promise<Result<EntryResult>> {
  const r = await command<EntryResult>(deps.db, async (tx) => {
    const allowed = await requireRole(tx, orgId, actor, ['finance'], 'posting a budget entry');
    if (!allowed.ok) return allowed;
    return postEntryInTx(tx, deps, orgId, budgetId, actor.id, input);
  });
  if (!r.ok) countBudgetRefusal(deps.metrics, r.error.code, 'entry');
  return r;
}

/**
 * The body of postBudgetEntry, for use cases that move budget inside their own transaction (approving a trip freezes,
 * approving a reimbursement consumes and releases). The budget row is locked until the caller commits.
 */
export async function postEntryInTx(tx: Executor, deps: { ids: IdGenerator; clock: Clock }, orgId: string, budgetId: string, actorId: string, input: EntryInput): Promise<Result<EntryResult>> {
  const budget = await getBudget(tx, orgId, budgetId, true);
  if (!budget) return err(domainError('BUDGET.NOT_FOUND', `no budget ${budgetId}`));
  if (input.idempotencyKey) {
    const prior = await entryByKey(tx, orgId, budgetId, input.idempotencyKey);
    if (prior) return ok({ entryId: prior.id, budget, availableMinor: available(budget), replayed: true });
  }
  const entry: BudgetEntry = { kind: input.kind, amountMinor: input.amountMinor, ref: input.ref, ...(input.fromFrozenMinor === undefined ? {} : { fromFrozenMinor: input.fromFrozenMinor }) };
  const prior = input.kind === 'adjust' || input.kind === 'freeze' ? [] : await entriesForRef(tx, orgId, budgetId, input.ref.type, input.ref.id);
  const applied = applyEntry(budget, entry, prior);
  if (!applied.ok) return applied;
  const now = deps.clock.now();
  const next = { ...applied.value, version: budget.version };
  const entryId = deps.ids.next('bde');
  await insertEntry(tx, { ...entry, id: entryId, orgId, budgetId, actorId, at: now, idempotencyKey: input.idempotencyKey });
  await saveBudgetTotals(tx, next, now);
  await publish(tx, deps.ids, [
    { type: `budget.${input.kind}`, orgId, subject: { type: 'budget', id: budgetId }, at: now, payload: { entryId, amountMinor: input.amountMinor, currency: budget.currency, ref: input.ref, availableMinor: available(next) } },
  ]);
  await appendAudit(tx, { orgId, actorId, action: `budget.${input.kind}`, subjectType: 'budget', subjectId: budgetId, before: totals(budget), after: { ...totals(next), entryId, ref: input.ref }, at: now });
  return ok({ entryId, budget: { ...next, version: budget.version + 1 }, availableMinor: available(next), replayed: false });
}

/** Recomputes the totals from the ledger and compares with the stored row ("the ledger sums exactly"). */
export async function checkLedger(db: Db, orgId: string, budgetId: string): Promise<Result<{ balanced: boolean; stored: object; replayed: object; entries: number }>> {
  const budget = await getBudget(db, orgId, budgetId);
  if (!budget) return err(domainError('BUDGET.NOT_FOUND', `no budget ${budgetId}`));
  const entries = await ledgerOf(db, orgId, budgetId);
  const adjustments = entries.filter((e) => e.kind === 'adjust').reduce((s, e) => s + e.amountMinor, 0);
  const replayed = replayLedger(budget.amountMinor - adjustments, entries);
  const stored = { amountMinor: budget.amountMinor, frozenMinor: budget.frozenMinor, consumedMinor: budget.consumedMinor };
  const balanced = replayed.amountMinor === stored.amountMinor && replayed.frozenMinor === stored.frozenMinor && replayed.consumedMinor === stored.consumedMinor;
  return ok({ balanced, stored, replayed, entries: entries.length });
}

const totals = (b: StoredBudget) => ({ amountMinor: b.amountMinor, frozenMinor: b.frozenMinor, consumedMinor: b.consumedMinor, allowOverrun: b.allowOverrun, version: b.version });
