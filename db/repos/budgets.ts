// Budgets and their ledger. Entries are applied under a row lock so concurrent freezes never overspend.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Budget, BudgetEntry, PeriodKind } from '../../domain/budget/index.js';
import { budgetEntries, budgets } from '../schema/index.js';
import type { Executor } from '../database.js';

const toBudget = (r: typeof budgets.$inferSelect): Budget & { version: number } => ({
  id: r.id,
  orgId: r.orgId,
  departmentId: r.departmentId,
  category: r.category,
  period: { kind: r.periodKind as PeriodKind, key: r.periodKey },
  currency: r.currency,
  amountMinor: r.amountMinor,
  frozenMinor: r.frozenMinor,
  consumedMinor: r.consumedMinor,
  allowOverrun: r.allowOverrun,
  version: r.version,
});

export type StoredBudget = ReturnType<typeof toBudget>;

/** Reads a budget; `lock` takes a row lock until the transaction ends (use it before applying an entry). */
export async function getBudget(db: Executor, orgId: string, id: string, lock = false): Promise<StoredBudget | undefined> {
  const q = db.select().from(budgets).where(and(eq(budgets.orgId, orgId), eq(budgets.id, id)));
  const [r] = lock ? await q.for('update') : await q;
  return r && toBudget(r);
}

export async function listBudgets(db: Executor, orgId: string, f: { departmentId?: string; periodKey?: string; category?: string }): Promise<StoredBudget[]> {
  const conds = [eq(budgets.orgId, orgId)];
  if (f.departmentId) conds.push(eq(budgets.departmentId, f.departmentId));
  if (f.periodKey) conds.push(eq(budgets.periodKey, f.periodKey));
  if (f.category) conds.push(eq(budgets.category, f.category));
  return (await db.select().from(budgets).where(and(...conds)).orderBy(asc(budgets.departmentId), asc(budgets.category), asc(budgets.periodKey))).map(toBudget);
}

/** The budget of a department and category for any of the given period keys (month first, then quarter, year). */
export async function findBudget(db: Executor, orgId: string, departmentId: string, category: string, periodKeys: string[]): Promise<StoredBudget | undefined> {
  const rows = await db
    .select()
    .from(budgets)
    .where(and(eq(budgets.orgId, orgId), eq(budgets.departmentId, departmentId), eq(budgets.category, category), inArray(budgets.periodKey, periodKeys)));
  const byKey = new Map(rows.map((r) => [r.periodKey, r]));
  const hit = periodKeys.map((k) => byKey.get(k)).find(Boolean);
  return hit && toBudget(hit);
}

/** Creates a budget or changes its amount/overrun flag (the ledger keeps frozen and consumed). */
export async function upsertBudget(db: Executor, b: Budget, now: Date): Promise<StoredBudget> {
  const [r] = await db
    .insert(budgets)
    .values({
      id: b.id,
      orgId: b.orgId,
      departmentId: b.departmentId,
      category: b.category,
      periodKind: b.period.kind,
      periodKey: b.period.key,
      currency: b.currency,
      amountMinor: b.amountMinor,
      allowOverrun: b.allowOverrun,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (r) return toBudget(r);
  return (await findBudget(db, b.orgId, b.departmentId, b.category, [b.period.key]))!;
}

/** Writes the totals decided by the domain (caller holds the row lock). */
export async function saveBudgetTotals(db: Executor, b: StoredBudget & Budget, now: Date): Promise<void> {
  await db
    .update(budgets)
    .set({ amountMinor: b.amountMinor, frozenMinor: b.frozenMinor, consumedMinor: b.consumedMinor, allowOverrun: b.allowOverrun, version: b.version + 1, updatedAt: now })
    .where(and(eq(budgets.orgId, b.orgId), eq(budgets.id, b.id), eq(budgets.version, b.version)));
}

export interface StoredEntry extends BudgetEntry {
  id: string;
  actorId: string;
  at: Date;
  idempotencyKey: string | null;
}

export async function entriesForRef(db: Executor, orgId: string, budgetId: string, refType: string, refId: string): Promise<BudgetEntry[]> {
  const rows = await db
    .select()
    .from(budgetEntries)
    .where(and(eq(budgetEntries.orgId, orgId), eq(budgetEntries.budgetId, budgetId), eq(budgetEntries.refType, refType), eq(budgetEntries.refId, refId)))
    .orderBy(asc(budgetEntries.at), asc(budgetEntries.id));
  return rows.map(toEntry);
}

export async function entryByKey(db: Executor, orgId: string, budgetId: string, key: string): Promise<StoredEntry | undefined> {
  const [r] = await db.select().from(budgetEntries).where(and(eq(budgetEntries.orgId, orgId), eq(budgetEntries.budgetId, budgetId), eq(budgetEntries.idempotencyKey, key)));
  return r && { ...toEntry(r), id: r.id, actorId: r.actorId, at: r.at, idempotencyKey: r.idempotencyKey };
}

export async function ledgerOf(db: Executor, orgId: string, budgetId: string): Promise<StoredEntry[]> {
  const rows = await db
    .select()
    .from(budgetEntries)
    .where(and(eq(budgetEntries.orgId, orgId), eq(budgetEntries.budgetId, budgetId)))
    .orderBy(asc(budgetEntries.at), asc(budgetEntries.id));
  return rows.map((r) => ({ ...toEntry(r), id: r.id, actorId: r.actorId, at: r.at, idempotencyKey: r.idempotencyKey }));
}

function toEntry(r: typeof budgetEntries.$inferSelect): BudgetEntry {
  const e: BudgetEntry = { kind: r.kind as BudgetEntry['kind'], amountMinor: r.amountMinor, ref: { type: r.refType, id: r.refId } };
  return r.fromFrozenMinor === null ? e : { ...e, fromFrozenMinor: r.fromFrozenMinor };
}

export async function insertEntry(
  db: Executor,
  e: BudgetEntry & { id: string; orgId: string; budgetId: string; actorId: string; at: Date; idempotencyKey?: string },
): Promise<void> {
  await db.insert(budgetEntries).values({
    id: e.id,
    orgId: e.orgId,
    budgetId: e.budgetId,
    kind: e.kind,
    amountMinor: e.amountMinor,
    fromFrozenMinor: e.fromFrozenMinor ?? null,
    refType: e.ref.type,
    refId: e.ref.id,
    actorId: e.actorId,
    at: e.at,
    idempotencyKey: e.idempotencyKey ?? null,
  });
}

/** The budgets where `ref` was ever frozen (a trip's freeze lives in the budget of the month it starts). */
export async function budgetsFrozenFor(db: Executor, orgId: string, refType: string, refId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ budgetId: budgetEntries.budgetId })
    .from(budgetEntries)
    .where(and(eq(budgetEntries.orgId, orgId), eq(budgetEntries.refType, refType), eq(budgetEntries.refId, refId), eq(budgetEntries.kind, 'freeze')));
  return rows.map((r) => r.budgetId).sort();
}
