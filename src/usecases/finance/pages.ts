// What the finance pages show, each read checking the finance role (or admin) first: the exceptions queue with the
// payments a transaction can be matched to, payment runs, reconciliation status per company account, budget burn.
import type { Db } from '../../../db/database.js';
import { listBudgets } from '../../../db/repos/budgets.js';
import { loadOrg } from '../../../db/repos/org.js';
import { lastStatementOf, listDebtorAccounts } from '../../../db/repos/payments.js';
import { lineStatesByAccount, paymentsInFlight } from '../../../db/repos/reconciliation.js';
import { ok, type Clock, type Result } from '../../../domain/shared/index.js';
import type { SecretBox } from '../../secrets.js';
import { requireRole, type Actor } from '../authorise.js';
import { debtorAccountView } from '../payments/debtor-accounts.js';
import { listRunViews, type RunView } from '../payments/runs.js';
import { exceptionsOf } from '../reconciliation/exceptions.js';

type Queue = Extract<Awaited<ReturnType<typeof exceptionsOf>>, { ok: true }>['value'];

export interface MatchCandidate {
  id: string;
  endToEndId: string;
  amount: { minor: number; currency: string };
  owner: { type: string; id: string };
  status: string;
}

/** The exceptions queue and the payments still on their way that an open transaction can be matched to by hand. */
export async function exceptionsPageOf(deps: { db: Db; clock: Clock }, orgId: string, actor: Actor): Promise<Result<Queue & { candidates: MatchCandidate[] }>> {
  const queue = await exceptionsOf(deps, orgId, actor);
  if (!queue.ok) return queue;
  const candidates = (await paymentsInFlight(deps.db, orgId)).map((p) => ({ id: p.id, endToEndId: p.endToEndId, amount: { minor: p.amountMinor, currency: p.currency }, owner: { type: p.ownerType, id: p.ownerId }, status: p.status }));
  return ok({ ...queue.value, candidates });
}

/** Every payment run of the organisation, newest first. */
export async function runsPageOf(deps: { db: Db }, orgId: string, actor: Actor): Promise<Result<RunView[]>> {
  const runs = await listRunViews(deps, orgId, actor);
  return runs.ok ? ok([...runs.value].sort((a, b) => b.createdAt.localeCompare(a.createdAt))) : runs;
}

export interface AccountStatus {
  id: string;
  name: string;
  bankName: string;
  currency: string;
  masked: { zh: string; en: string };
  /** Transactions by what became of them: matched, open, fee, returned, written_off, not_ours, explained, pending. */
  lines: Record<string, number>;
  lastStatement: { statementId: string; importedAt: string; entries: number; checksPassed: boolean } | null;
}

/** Per company account: its transactions by state and its latest statement (account numbers masked). */
export async function reconciliationStatusOf(deps: { db: Db; box: SecretBox }, orgId: string, actor: Actor): Promise<Result<AccountStatus[]>> {
  const allowed = await requireRole(deps.db, orgId, actor, ['finance'], 'viewing reconciliation status');
  if (!allowed.ok) return allowed;
  const [accounts, states] = await Promise.all([listDebtorAccounts(deps.db, orgId), lineStatesByAccount(deps.db, orgId)]);
  const out: AccountStatus[] = [];
  for (const a of accounts) {
    const v = debtorAccountView(a, deps.box);
    const last = await lastStatementOf(deps.db, orgId, a.id);
    const lines: Record<string, number> = { matched: 0, open: 0 };
    for (const s of states) if (s.debtorAccountId === a.id) lines[s.state] = (lines[s.state] ?? 0) + s.count;
    out.push({
      id: a.id,
      name: a.name,
      bankName: a.bankName,
      currency: a.currency,
      masked: v.masked,
      lines,
      lastStatement: last ? { statementId: last.statementId, importedAt: last.importedAt.toISOString(), entries: last.entries, checksPassed: (last.checks as unknown[]).length === 0 } : null,
    });
  }
  return ok(out);
}

export interface DepartmentBurn {
  departmentId: string;
  name: string;
  budgets: { id: string; category: string; period: string; currency: string; amountMinor: number; consumedMinor: number; frozenMinor: number; availableMinor: number }[];
}

/** Budgets by department: consumed, frozen and what is still available (amount − consumed − frozen). */
export async function budgetBurnOf(deps: { db: Db }, orgId: string, actor: Actor): Promise<Result<DepartmentBurn[]>> {
  const allowed = await requireRole(deps.db, orgId, actor, ['finance'], 'viewing budgets');
  if (!allowed.ok) return allowed;
  const [budgets, org] = await Promise.all([listBudgets(deps.db, orgId, {}), loadOrg(deps.db, orgId)]);
  const names = new Map(org.departments.map((d) => [d.id, d.name]));
  const byDept = new Map<string, DepartmentBurn>();
  for (const b of budgets) {
    const d = byDept.get(b.departmentId) ?? { departmentId: b.departmentId, name: names.get(b.departmentId) ?? b.departmentId, budgets: [] };
    d.budgets.push({ id: b.id, category: b.category, period: b.period.key, currency: b.currency, amountMinor: b.amountMinor, consumedMinor: b.consumedMinor, frozenMinor: b.frozenMinor, availableMinor: b.amountMinor - b.consumedMinor - b.frozenMinor });
    byDept.set(b.departmentId, d);
  }
  return ok([...byDept.values()]);
}
