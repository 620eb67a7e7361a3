// Reading budgets: availability by department, period and category; one budget with its ledger and a balance check.
import type { Db } from '../../db/database.js';
import { getBudget, ledgerOf, listBudgets, type StoredBudget } from '../../db/repos/budgets.js';
import { domainError, err, ok, type Result } from '../../domain/shared/index.js';
import { checkLedger } from './budgets.js';

/** The organisation's budgets matching the filter. */
export function budgetsOf(deps: { db: Db }, orgId: string, filter: Parameters<typeof listBudgets>[2]): Promise<StoredBudget[]> {
  return listBudgets(deps.db, orgId, filter);
}

/** Budget `id` with its ledger, and whether replaying the ledger gives the stored totals; BUDGET.NOT_FOUND when there is none. */
export async function budgetWithLedger(deps: { db: Db }, orgId: string, id: string): Promise<Result<{ budget: StoredBudget; ledger: Awaited<ReturnType<typeof ledgerOf>>; balanced: boolean }>> {
  const budget = await getBudget(deps.db, orgId, id);
  if (!budget) return err(domainError('BUDGET.NOT_FOUND', `no budget ${id}`));
  const check = await checkLedger(deps.db, orgId, id);
  return ok({ budget, ledger: await ledgerOf(deps.db, orgId, id), balanced: check.ok && check.value.balanced });
}
